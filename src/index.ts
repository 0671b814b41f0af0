/**
 * selfie-liveness — the public API. Only what is exported here is public; everything else may
 * change between versions.
 */
export { createLivenessEngine, EngineLoadError } from './engine';
export type { LivenessEngine, LivenessEngineOptions, AssetUrls } from './engine';
export type { LearnedBackend, LearnedBackendChoice } from './learned/backend';
export { DEFAULT_CONFIG, DEFAULT_WEIGHTS, DEFAULT_WEIGHTS_WITH_LEARNED, ConfigError, resolveConfig } from './config';
export type { LivenessConfig, LivenessConfigInput, SignalWeights } from './config';
export { SIGNAL_CATALOG as SIGNALS } from './signals/catalog';
export type { SignalInfo } from './signals/catalog';
export { isLivenessFailure, isLivenessSuccess } from './scoring/envelope';
export { recommendedAction, toScore100, DEFAULT_SCORE_BANDS } from './scoring/decision';
export type { RecommendedAction, ScoreBands } from './scoring/decision';
export { LivenessError, isLivenessError } from './errors';
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
} from './types';
