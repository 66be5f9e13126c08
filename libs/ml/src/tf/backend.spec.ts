import * as tf from '@tensorflow/tfjs';
import { initTf, wasmBinaryDir, withTfBackend } from './backend';
import { existsSync } from 'fs';

describe('initTf', () => {
  it('picks wasm here (tfjs-node is not installed) and is idempotent', async () => {
    const first = await initTf();
    const second = await initTf();
    expect(first).toBe('wasm');
    expect(second).toBe(first);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('points the wasm backend at binaries that exist inside node_modules', () => {
    expect(existsSync(`${wasmBinaryDir()}tfjs-backend-wasm-simd.wasm`)).toBe(true);
  });

  it('computes on the chosen backend', async () => {
    await initTf();
    const sum = tf.tidy(() => tf.tensor1d([1, 2, 3]).sum().dataSync()[0]);
    expect(sum).toBe(6);
  });

  it('switches temporarily and restores the chosen backend', async () => {
    const seen = await withTfBackend('cpu', () => tf.getBackend());
    expect(seen).toBe('cpu');
    expect(tf.getBackend()).toBe(await initTf());
  });
});
