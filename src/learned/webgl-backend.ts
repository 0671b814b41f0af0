/**
 * Registers tfjs's WebGL backend. Imported on its own (a chunk of its own in the library build) only
 * when the learned model is to run on a hardware GPU.
 */
import '@tensorflow/tfjs-backend-webgl';
