export { EXAMPLE_MODELS, type ExampleKind, type ExampleModel, examplePath, findExample } from './catalog.ts';
export { buildExampleModel } from './graphs.ts';
export {
  buildImageClassifier,
  IMAGE_CLASSIFIER,
  IMAGE_CLASSIFIER_SIGNATURE,
  IMAGE_CLASSIFIER_VERSIONS,
} from './image-classifier.ts';
export { ReferenceShapeError, referencePredict } from './reference.ts';
export { writeExampleModels } from './write-example-models.ts';
