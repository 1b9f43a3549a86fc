import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Chapter specs are named *.spec.ts but are not vitest tests: the checker runs them.
    include: ["src/**/*.test.ts", "checker/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
