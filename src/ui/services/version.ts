/**
 * The model a workbench run used, as exported charts name it: the package version and
 * MODEL_VERSION (`0.1.0+m1`). The Node side adds a digest of the engine's sources, which the
 * page cannot read.
 */
import { version } from '../../../package.json';
import { MODEL_VERSION } from '../../experiment/index.ts';

export const MODEL_LABEL = `${version}+m${MODEL_VERSION}`;
