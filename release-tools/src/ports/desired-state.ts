// Where the controller reads models.yaml's resolved content: the state store (written by
// `mlrelease apply`) or an S3 object written by the pipeline's Release stage.
import type { Manifest } from '../../../model-registry/src/domain/manifest/types.ts';

export interface DesiredStateSource {
  /** The desired manifest, or undefined when nothing was applied yet. */
  read(): Promise<Manifest | undefined>;
}
