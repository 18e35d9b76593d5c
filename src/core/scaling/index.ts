// What the panel, the CLI and the reports import from the scaling-law module.
export { loss, computeOptimalFor, optimalLoss, isoFlopCurve, equalLossCompute, tokensForLoss, minParamsForLoss } from './chinchilla';
export type { SizedPoint, LossPoint } from './chinchilla';
export { inferenceAware, lifetimeOptimal } from './inference';
export type { InferenceAnalysis, InferenceResult, InferenceVerdict, LifetimePoint } from './inference';
export { scalingAnalysis } from './analysis';
export type { ScalingAnalysis, ScalingOptions, ScalingWaste } from './analysis';
export { SCALING_FITS, DEFAULT_SCALING_FIT_ID, defaultScalingFit, findScalingFit } from '../data/scaling-fits';
export type { ScalingFit } from '../data/scaling-fits';
export { requestFootprint, breakEvenRequests, scaledWhPerOutputToken, servingFootprint } from './request';
export type { RequestFootprint, RequestResult, ServingFootprint } from './request';
