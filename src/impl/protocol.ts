import type { Implementation } from './interface.js';
export async function protocolImplementation(command: string): Promise<Implementation> {
  throw new Error(`protocol: not yet (${command})`);
}
