import { burnDetector } from './burn.ts';
import { growthDetector } from './growth.ts';
import { rateDetector } from './rate.ts';
import { recursionDroppedDetector } from './recursionDropped.ts';
import { topologyDetector } from './topology.ts';
import type { Detector } from './types.ts';

/** Every runaway detector, in evaluation order (topology first: a suspect gets lower limits in the others). */
export const DETECTORS: readonly Detector[] = [topologyDetector, rateDetector, growthDetector, burnDetector, recursionDroppedDetector];

export const DETECTOR_IDS = DETECTORS.map((d) => d.id);

export function detectorById(id: string): Detector | undefined {
  return DETECTORS.find((d) => d.id === id);
}

export type { Detector, DetectorInput, Finding, FunctionFacts, MinuteSeries, Params } from './types.ts';
