/** Rendering failed after the evidence and results were written (exit 3, with the way to finish). */
export class RenderError extends Error {
  override name = 'RenderError';
}
