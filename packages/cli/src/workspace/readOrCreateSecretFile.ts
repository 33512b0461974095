import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Reads a secret file, making it first when it does not exist (directory mode 0700, file mode
 * 0600). Several processes starting at once end with one secret: the file is written with `wx`,
 * and a process that loses the race reads the winner's.
 * @param file - the file
 * @param make - makes the contents of a new file
 * @returns the file's contents
 * @category CLI
 */
export async function readOrCreateSecretFile(file: string, make: () => string | Promise<string>): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, await make(), { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
  } catch (error) {
    // another process made it first: use theirs
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFile(file, 'utf8');
}
