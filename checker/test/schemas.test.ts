/**
 * Every JSON schema the workbook ships compiles (strict mode: unknown keywords are mistakes), so a broken schema is
 * found here rather than by the first learner whose file it should have judged.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Ajv } from "ajv";
import { expect, it } from "vitest";
import { paths } from "../../src/workbook/paths.ts";

function schemaFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : schemaFiles(path);
    return entry.name.endsWith(".schema.json") || dir.endsWith("schemas") ? [path] : [];
  });
}

const files = [...schemaFiles(join(paths.root, "src")), ...schemaFiles(join(paths.root, "checker"))];

it("finds the schemas: lesson, scenario, trace, result and one per served kind", () => {
  const names = files.map((f) => relative(paths.root, f));
  for (const name of ["src/catalogue/lesson.schema.json", "src/sim/scenario.schema.json", "src/sim/trace.schema.json", "checker/schemas/result.schema.json", "src/kube/schemas/pod.json"]) {
    expect(names).toContain(name);
  }
});

it("compiles every schema", () => {
  // Union types (int-or-string) and `required` on keys defined elsewhere are deliberate; everything else strict.
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, strictRequired: false, allErrors: true, formats: { "date-time": true, quantity: true } });
  // (`quantity` is checked by src/kube/validation.ts with parseQuantity.)
  const schemas = files.map((f) => ({ file: relative(paths.root, f), schema: JSON.parse(readFileSync(f, "utf8")) as { $id?: string } }));
  // Shared definitions first, so schemas that refer to them resolve.
  for (const { schema } of schemas) if (schema.$id) ajv.addSchema(schema);
  const broken = schemas.flatMap(({ file, schema }) => {
    try {
      if (schema.$id) ajv.getSchema(schema.$id);
      else ajv.compile(schema);
      return [];
    } catch (error) {
      return [`${file}: ${(error as Error).message}`];
    }
  });
  expect(broken).toEqual([]);
});
