// Smoke worker entry (placeholder until the smoke stage lands).
import { parentPort } from 'node:worker_threads';

parentPort?.postMessage({ error: 'smoke worker not available in this build yet' });
