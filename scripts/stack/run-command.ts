import { spawn } from 'node:child_process';
import { MissingToolError } from '../cli';

/** Runs a command to completion, keeping its output to show only if it fails. */
export function runCommand(
  command: string,
  args: string[],
  options: { cwd?: string; spawn?: { uid?: number; gid?: number } } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...options.spawn,
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new MissingToolError(`"${command}" is not installed`) : error),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`)),
    );
  });
}

export async function requireTool(command: string, versionArgs: string[], installHint: string) {
  try {
    await runCommand(command, versionArgs);
  } catch (error) {
    if (error instanceof MissingToolError) throw new MissingToolError(`${error.message}. ${installHint}`);
    throw error;
  }
}
