/** Where a command writes; the process streams in real use, buffers in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The process's own streams. */
export const processOutput: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** One JSON document on stdout, so `nestjs-maintenance status --json | jq .mode` works. */
export function printJson(output: CliOutput, value: unknown): void {
  output.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
