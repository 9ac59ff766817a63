// Where the recorded histories live, and how they are read back.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal } from '@temporalio/proto';

export const historiesFolder = fileURLToPath(new URL('./histories', import.meta.url));

export async function recordedHistories() {
  const files = (await readdir(historiesFolder)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: path.basename(file, '.json'),
      history: temporal.api.history.v1.History.fromObject(
        JSON.parse(await readFile(path.join(historiesFolder, file), 'utf8')),
      ),
    })),
  );
}
