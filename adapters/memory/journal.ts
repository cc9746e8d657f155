/**
 * The undo log of one transaction: every write pushes the step that reverses it, and a rollback runs
 * them backwards. This is what makes memory transactions all-or-nothing without copying the store.
 */
export class Journal {
  private readonly steps: Array<() => void> = [];

  record(undo: () => void): void {
    this.steps.push(undo);
  }

  rollback(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]!();
    this.steps.length = 0;
  }
}
