// CDK app entry for the CDK CLI (`npx cdk synth|deploy`, see cdk.json).
import { buildApp } from '../src/build-app.ts';

buildApp().app.synth();
