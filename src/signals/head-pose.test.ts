import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../config.js';
import { axisScore, headPose, poseFromMatrix } from './head-pose.js';
import { makeSignalInput, transformFromAngles } from './test-helpers.js';

describe('poseFromMatrix', () => {
  it('returns 0° for the identity', () => {
    const pose = poseFromMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(pose.yaw).toBeCloseTo(0, 12);
    expect(pose.pitch).toBeCloseTo(0, 12);
    expect(pose.roll).toBeCloseTo(0, 12);
  });

  it('recovers the angles of a known rotation, regardless of scale and translation', () => {
    for (const [yaw, pitch, roll] of [
      [20, -10, 5],
      [-35, 25, -12],
      [0, 0, 90],
    ]) {
      for (const scale of [1, 2.5]) {
        const pose = poseFromMatrix(transformFromAngles(yaw, pitch, roll, scale, [3, -4, -60]));
        expect(pose.yaw).toBeCloseTo(yaw, 9);
        expect(pose.pitch).toBeCloseTo(pitch, 9);
        expect(pose.roll).toBeCloseTo(roll, 9);
      }
    }
  });

  it('reads the matrix column-major (a yaw turn is in the first column’s z entry)', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    // rotation about y by 30°: first column (c, 0, −s), third column (s, 0, c)
    const pose = poseFromMatrix([c, 0, -s, 0, 0, 1, 0, 0, s, 0, c, 0, 0, 0, 0, 1]);
    expect(pose.yaw).toBeCloseTo(30, 9);
    expect(pose.pitch).toBeCloseTo(0, 9);
  });

  it('returns NaN angles for a short, non-finite or zero matrix', () => {
    expect(poseFromMatrix([1, 0, 0]).yaw).toBeNaN();
    expect(poseFromMatrix(new Array(16).fill(0)).yaw).toBeNaN();
    const broken = transformFromAngles(0, 0, 0);
    broken[5] = Number.NaN;
    expect(poseFromMatrix(broken).pitch).toBeNaN();
  });
});

describe('axisScore', () => {
  it('is 1 up to 10°, 0.50 at the limit and 0 thirty degrees past it; near frontal (≥ 0.85) to 17.5° at a 35° limit', () => {
    expect(axisScore(0, 35)).toBe(1);
    expect(axisScore(10, 35)).toBe(1);
    expect(axisScore(-10, 35)).toBe(1);
    expect(axisScore(17.5, 35)).toBeCloseTo(0.85, 12);
    expect(axisScore(18, 35)).toBeLessThan(0.85);
    expect(axisScore(35, 35)).toBeCloseTo(0.5, 12);
    expect(axisScore(65, 35)).toBe(0);
    expect(axisScore(40, 35)).toBeLessThan(0.5);
  });
});

describe('headPose signal', () => {
  const scoreOf = (yaw: number, pitch: number, roll: number, config = DEFAULT_CONFIG): number =>
    headPose(makeSignalInput({ transformMatrix: transformFromAngles(yaw, pitch, roll) }), config).score;

  it('scores a near-frontal pose (every axis within 10°) ≥ 0.85', () => {
    expect(scoreOf(0, 0, 0)).toBe(1);
    expect(scoreOf(8, -6, 4)).toBeGreaterThanOrEqual(0.85);
    expect(scoreOf(10, 10, 10)).toBeGreaterThanOrEqual(0.85 - 1e-9);
  });

  it('scores slight rotation 0.50–0.84 and decays past max_yaw_deg / max_pitch_deg', () => {
    const slight = scoreOf(20, 0, 0);
    expect(slight).toBeGreaterThanOrEqual(0.5);
    expect(slight).toBeLessThan(0.85);
    expect(scoreOf(DEFAULT_CONFIG.max_yaw_deg + 5, 0, 0)).toBeLessThan(0.5);
    expect(scoreOf(0, DEFAULT_CONFIG.max_pitch_deg + 5, 0)).toBeLessThan(0.5);
    expect(scoreOf(0, 0, 40)).toBeLessThan(0.5);
    expect(scoreOf(40, 0, 0, resolveConfig({ max_yaw_deg: 60 }))).toBeGreaterThanOrEqual(0.5);
  });

  it('names the measured angles', () => {
    const result = headPose(makeSignalInput({ transformMatrix: transformFromAngles(12.34, -3, 1) }), DEFAULT_CONFIG);
    expect(result.detail).toContain('yaw 12.3°');
    expect(result.raw.yaw_deg).toBeCloseTo(12.34, 9);
  });

  it('is neutral and unmeasured without a matrix', () => {
    const result = headPose(makeSignalInput({ transformMatrix: null }), DEFAULT_CONFIG);
    expect(result).toMatchObject({ score: 0.5, measured: false });
    expect(result.detail).toContain('could not be measured');
  });
});
