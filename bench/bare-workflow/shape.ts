/** Today's paid path has five steps; the bare workflow has the same shape with nothing inside. */
export const BARE_STEPS = 5;
