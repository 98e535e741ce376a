/** Returns the error thrown by fn (or fails the test): for asserting on the error's class and message. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a throw, got a return');
}
