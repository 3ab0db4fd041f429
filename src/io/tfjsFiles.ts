/**
 * A TensorFlow.js IO handler for the local file system: the `model.json` + binary weight shards that
 * `model.save('file://…')` writes under tfjs-node, which cannot be installed here. Pass it to
 * `tf.loadLayersModel` / `model.save`.
 */
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from '../util/fs.js';

/** Loads from and saves to `modelJson` (weights beside it, in `<name>.weights.bin` on save). */
export function fileSystemHandler(modelJson: string): tf.io.IOHandler {
  return {
    async load() {
      let json: tf.io.ModelJSON;
      try {
        json = JSON.parse(readFileSync(modelJson, 'utf8'));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        throw new InputError(
          modelJson,
          e.code ? `cannot read the file (${e.code})` : `not valid JSON (${e.message})`,
        );
      }
      if (!json || typeof json !== 'object' || !json.modelTopology) {
        throw new InputError(modelJson, 'not a TensorFlow.js model.json (no modelTopology)');
      }
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const path of group.paths) {
            const file = join(dirname(modelJson), path);
            try {
              const bytes = readFileSync(file);
              buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
            } catch (err) {
              throw new InputError(
                file,
                `cannot read this weight file of ${modelJson} (${(err as NodeJS.ErrnoException).code})`,
              );
            }
          }
        }
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
    async save(artifacts) {
      const dir = dirname(modelJson);
      const weightsName = `${basename(modelJson, '.json')}.weights.bin`;
      const weightData = tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]);
      // Weights first, then the model.json that names them: an interrupted save never leaves a model.json
      // pointing at missing or half-written weights.
      writeFileAtomic(join(dir, weightsName), new Uint8Array(weightData));
      const json: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as tf.io.ModelJSON['modelTopology'],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        trainingConfig: artifacts.trainingConfig,
        userDefinedMetadata: artifacts.userDefinedMetadata,
        weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs ?? [] }],
      };
      writeFileAtomic(modelJson, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
  };
}
