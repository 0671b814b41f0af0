/// <reference lib="webworker" />
/**
 * The analysis worker: decodes the image, runs the face landmarker and the signals, and returns
 * plain data. Its service (src/worker/service.ts) is exposed to the facade with comlink; every call
 * answers with the protocol's one reply shape (src/protocol/), errors included.
 */
import { expose } from 'comlink';
import { createWorkerService } from '../src/worker/service.js';

expose(createWorkerService());
