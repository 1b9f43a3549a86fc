/** Yes/no questions. Without a terminal to answer them, the answer is no: nothing is ever changed unasked. */
import { createInterface } from "node:readline/promises";

export async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    process.stdout.write(question + "\n");
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|ㅛ|네|예)$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
