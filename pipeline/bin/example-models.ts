// Pipeline step (Validate, first command): writes the example models models.yaml points to. They are
// generated, deterministic and git-ignored, so a pipeline checkout (only what git tracks) lacks them.
// Usage: npx tsx pipeline/bin/example-models.ts [rootDir]   (default: the checkout root, `.`)
import { writeExampleModels } from '../../local/src/example-models/index.ts';

const root = process.argv[2] ?? '.';
const paths = await writeExampleModels(root);
console.log(`example models: ${paths.length} files under ${root}/models`);
