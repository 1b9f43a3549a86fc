/** The command line: `<command> [positional...] [--flag value | --flag]`. */
export interface Args {
  command: string;
  positional: string[];
  flags: Record<string, string | true>;
}

/** Flags that take a value; any other flag is a switch. */
const VALUED = new Set(["lang", "seed", "nodes", "speed", "port"]);

export function parseArgs(argv: readonly string[]): Args {
  const [command = "help", ...rest] = argv;
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === "--") continue;
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(arg);
    if (!m) positional.push(arg);
    else if (m[2] !== undefined) flags[m[1]!] = m[2];
    else if (VALUED.has(m[1]!) && rest[i + 1] !== undefined) flags[m[1]!] = rest[++i]!;
    else flags[m[1]!] = true;
  }
  return { command, positional, flags };
}
