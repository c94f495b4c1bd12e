// Writes every example to `<rootDir>/models/<name>/<version>/model.onnx`, the artifact paths models.yaml
// uses. Idempotent: a file that already holds the same bytes is left alone.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EXAMPLE_MODELS, examplePath } from './catalog.ts';
import { buildExampleModel } from './graphs.ts';
import { buildImageClassifier, IMAGE_CLASSIFIER, IMAGE_CLASSIFIER_VERSIONS } from './image-classifier.ts';

let tempCounter = 0;

/** Returns the absolute paths of all example model files. */
export async function writeExampleModels(rootDir: string): Promise<string[]> {
  const paths: string[] = [];
  const files = [
    ...EXAMPLE_MODELS.map((m) => ({ path: examplePath(m), build: () => buildExampleModel(m) })),
    ...IMAGE_CLASSIFIER_VERSIONS.map((version) => ({
      path: examplePath({ name: IMAGE_CLASSIFIER, version }),
      build: () => buildImageClassifier(version),
    })),
  ];
  for (const file of files) {
    const path = join(rootDir, file.path);
    const bytes = file.build();
    if (!(await holds(path, bytes))) {
      await mkdir(dirname(path), { recursive: true });
      // Write then rename so a reader (the file watcher, the model host) never sees half a model.
      const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
      await writeFile(temp, bytes);
      await rename(temp, path);
    }
    paths.push(path);
  }
  return paths;
}

async function holds(path: string, bytes: Uint8Array): Promise<boolean> {
  try {
    return Buffer.from(bytes).equals(await readFile(path));
  } catch {
    return false;
  }
}
