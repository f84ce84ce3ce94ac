// The part of jstat (no types of its own) that Tempest uses.
declare module 'jstat' {
  export const jStat: {
    chisquare: { cdf(x: number, dof: number): number; inv(p: number, dof: number): number };
    studentt: { cdf(x: number, dof: number): number };
  };
}
