/// <reference lib="webworker" />
/**
 * The analysis worker: decodes the image, runs the face landmarker and the signals, and returns
 * plain data. Exposed to the facade with comlink; errors cross as data, never as thrown objects.
 */
import { expose } from 'comlink';
import { createWorkerService } from '../src/worker-service.js';

expose(createWorkerService());
