// What stops a request when its script's session ends. An AbortController per
// request cost more than the request's own bookkeeping (an EventTarget, a
// listener object, an event dispatch): this needs one flag and one callback,
// and only the exchange running now listens (a resent request replaces the
// first one's listener, which had settled already).
export class Cancel {
  private listener: (() => void) | undefined
  private done = false

  get aborted (): boolean { return this.done }

  /** `fn` runs once, at abort; a later call replaces it */
  onAbort (fn: () => void): void { this.listener = fn }

  abort (): void {
    if (this.done) return
    this.done = true
    const fn = this.listener
    this.listener = undefined
    fn?.()
  }
}
