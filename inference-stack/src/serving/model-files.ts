// What a loaded model's directory holds: the ONNX file SageMaker unpacked from model.tar.gz and,
// when packaged by this project, its signature.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const MODEL_FILE = 'model.onnx';
export const SIGNATURE_FILE = 'signature.json';

export class ModelFilesError extends Error {
  override readonly name = 'ModelFilesError';
}

/** `model.onnx`, or the only `.onnx` file in the directory. */
export async function findModelFile(dir: string): Promise<string> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new ModelFilesError(`cannot read model directory ${dir}`, { cause: error });
  }
  if (names.includes(MODEL_FILE)) return join(dir, MODEL_FILE);
  const onnx = names.filter((n) => n.endsWith('.onnx'));
  if (onnx.length !== 1) throw new ModelFilesError(`${dir} holds ${onnx.length} .onnx files; expected ${MODEL_FILE}`);
  return join(dir, onnx[0]!);
}

/** The packaged signature, or undefined for artifacts packaged without one. */
export async function readSignature(dir: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(dir, SIGNATURE_FILE), 'utf8'));
  } catch {
    return undefined;
  }
}
