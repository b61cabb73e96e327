// Writes a generated file as the repository's prettier would leave it (JSON, Markdown), so generated
// results pass `prettier --check` without being listed in .prettierignore.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

export async function writeFormatted(file: URL, text: string): Promise<void> {
  const filepath = fileURLToPath(file);
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  await writeFile(file, await prettier.format(text, { ...options, filepath }));
}
