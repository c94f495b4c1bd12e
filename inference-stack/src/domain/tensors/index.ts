export { readElement } from './read-element.ts';
export { type InputsRead, readRequestInputs, showDims } from './read-request-inputs.ts';
export * from './tensor.ts';
export * from './tensor-json.ts';
