import { App } from 'aws-cdk-lib';
import { buildApp } from './build-app';

/** `cdk synth -c profile=tr-meb`: one deployment per ministry profile. */
const app = new App();
buildApp(app, app.node.tryGetContext('profile'));
app.synth();
