// Names that end up in object keys and TargetModel paths; a strict alphabet rules out traversal.
const MODEL_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const PREDICTION_ID = /^[A-Za-z0-9_-]{8,64}$/;
const LANE = /^[a-z][a-z0-9-]{0,31}$/;

export const isModelName = (value: string): boolean => MODEL_NAME.test(value);
export const isPredictionId = (value: string): boolean => PREDICTION_ID.test(value);
export const isLane = (value: string): boolean => LANE.test(value);
