/**
 * Fault injection for the reliability tests (docs/architecture.md "Reliability"): a plan of faults the
 * trainer and the checkpoint writer apply at chosen steps, so that the detection, rollback and
 * atomic-write paths can be exercised on purpose instead of waiting for a real divergence, a full disk
 * or a kill that happens to land inside a write. `gankit train` reads the plan from the environment
 * variable `GANKIT_FAULTS`; without it the plan is empty and nothing changes. Browser-safe (no Node
 * modules): the trainer holds the plan.
 *
 * Syntax: comma-separated `kind@step` (fires once, the first time that step is trained) or
 * `kind@step-` (fires every time a step ≥ `step` is trained, i.e. a fault that repeats after every
 * rollback), plus `pause-checkpoint:MS` (sleeps MS milliseconds in the middle of every checkpoint write).
 *
 * - `nan-loss`, `inf-loss`: the phase loss becomes NaN / +Inf (its gradients with it);
 * - `nan-grad`: the first gradient of the first phase is NaN (the loss is still finite this step);
 * - `nan-weight`: after the step, one weight of the first network is NaN;
 * - `enospc-checkpoint`: the checkpoint written after that step fails as on a full disk.
 */
import { UsageError } from '../util/errors.js';

/** The faults a plan can inject at a step. */
export type FaultKind = 'nan-loss' | 'inf-loss' | 'nan-grad' | 'nan-weight' | 'enospc-checkpoint';

const KINDS: readonly FaultKind[] = ['nan-loss', 'inf-loss', 'nan-grad', 'nan-weight', 'enospc-checkpoint'];

interface Fault {
  kind: FaultKind;
  step: number;
  repeat: boolean;
  fired: boolean;
}

/** A parsed `GANKIT_FAULTS` value. */
export class FaultPlan {
  private readonly faults: Fault[] = [];
  /** Milliseconds the checkpoint writer sleeps between writing the tensors and the manifest. */
  readonly checkpointPauseMs: number = 0;

  /** Parses `spec` (see the module comment); an empty or undefined spec injects nothing. */
  constructor(spec: string | undefined) {
    for (const part of (spec ?? '').split(',').map((s) => s.trim())) {
      if (part === '') continue;
      const pause = /^pause-checkpoint:(\d+)$/.exec(part);
      if (pause) {
        this.checkpointPauseMs = Number(pause[1]);
        continue;
      }
      const m = /^([a-z-]+?)@(\d+)(-?)$/.exec(part);
      if (!m || !KINDS.includes(m[1] as FaultKind))
        throw new UsageError(
          `GANKIT_FAULTS: cannot read '${part}'; use KIND@STEP or KIND@STEP- with KIND one of ${KINDS.join(', ')}, or pause-checkpoint:MS`,
        );
      this.faults.push({ kind: m[1] as FaultKind, step: Number(m[2]), repeat: m[3] === '-', fired: false });
    }
  }

  /** True when a fault of `kind` is due while training `step` (a one-off fault is then used up). */
  fires(kind: FaultKind, step: number): boolean {
    let due = false;
    for (const f of this.faults) {
      if (f.kind !== kind) continue;
      if (f.repeat ? step >= f.step : step === f.step && !f.fired) {
        f.fired = true;
        due = true;
      }
    }
    return due;
  }
}
