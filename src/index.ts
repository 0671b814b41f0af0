/**
 * selfie-liveness — the public API. Only what is exported here is public; everything else may
 * change between versions.
 */
export { createLivenessEngine } from './engine/engine.js';
export type { LivenessEngine } from './engine/engine.js';
export type { LivenessEngineOptions, AssetUrls } from './engine/options.js';
export type { LearnedBackend, LearnedBackendChoice } from './learned/backend.js';
export { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED, resolveConfig } from './config.js';
export type { LivenessConfig, LivenessConfigInput, SignalWeights } from './config.js';
export { CONTRACT_SIGNALS as SIGNALS, SIGNAL_CATALOG } from './signals/catalog.js';
export type { SignalInfo, SignalCatalogEntry } from './signals/catalog.js';
export { isLivenessFailure, isLivenessSuccess } from './scoring/envelope.js';
export { recommendedAction, toScore100, DEFAULT_SCORE_BANDS } from './scoring/decision.js';
export type { RecommendedAction, ScoreBands } from './scoring/decision.js';
export { LivenessError, ConfigError, EngineLoadError, isLivenessError } from './errors/index.js';
export type { ErrorCode, EngineErrorCode } from './errors/index.js';
export type {
  LivenessResponse,
  LivenessSuccess,
  LivenessFailure,
  LivenessResult,
  LivenessErrorInfo,
  LivenessErrorCode,
  LivenessInput,
  CheckOptions,
  CheckDiagnostics,
  CheckVisuals,
  RgbaPicture,
  FrameInspection,
  PixelSource,
  SignalResult,
  SignalName,
  OptionalSignalName,
  Verdict,
  LoadProgress,
  LoadStage,
} from './types.js';
