// XPath 1.0 expressions as XML::XPath reads them, rewritten for libxml2.
//
// libxml2 evaluates; this module decides what it is asked. Three reasons:
// - XML::XPath's name tests are not the W3C ones: an unprefixed name matches
//   an element by its name as written, whatever its default namespace
//   (`//item` finds the items of an Atom feed), and a prefix resolves through
//   set_namespace or else the prefixes in scope at the node being tested
//   (`//soap:Body` works without any setup). Those steps are rewritten into
//   predicates libxml2 evaluates with the same meaning.
// - libxml2 reports a bad expression on the worker's stderr and returns
//   nothing; scripts expect XML::XPath's die texts. So the expression is
//   parsed here first, and every error XML::XPath raises at parse time (and
//   the type errors it raises when evaluating: count(1), predicates on a
//   number, a union of strings, arity) is raised here with its text.
// - The static type of the result says how to ask (a node set may contain
//   the document node, which libxmljs2 cannot hand back: see find.ts).

export type StaticType = 'nodeset' | 'string' | 'number' | 'boolean'

export class XPathSyntaxError extends Error {
  /** true: XML::XPath's message ends in a newline (die "...\n"), so Perl adds no " at FILE line N." */
  readonly final: boolean
  constructor (message: string, final = false) {
    super(message)
    this.final = final
  }
}

type TokKind = 'lit' | 'num' | 'var' | 'name' | 'func' | 'nodetype' | 'axis' | 'op' | 'punct'
interface Token { kind: TokKind, text: string, pos: number }

const AXES = new Set(['ancestor', 'ancestor-or-self', 'attribute', 'child', 'descendant', 'descendant-or-self',
  'following', 'following-sibling', 'namespace', 'parent', 'preceding', 'preceding-sibling', 'self'])
const NODE_TYPES = new Set(['comment', 'text', 'processing-instruction', 'node'])
const OPERATOR_NAMES = new Set(['and', 'or', 'mod', 'div'])
// Letters beyond ASCII are accepted as name characters; libxml2 checks them properly.
const NCNAME = '[A-Za-z_\\u00C0-\\uFFFF][A-Za-z0-9_.\\-\\u00B7\\u00C0-\\uFFFF]*'
const NAME_RE = new RegExp(`^(?:${NCNAME}:\\*|${NCNAME}(?::${NCNAME})?|\\*)`)
const NUMBER_RE = /^(?:\d+(?:\.\d*)?|\.\d+)/

/** XML::XPath's tokenizer failure: the query, a marker under the place, its words. */
function badQuery (expr: string, pos: number): XPathSyntaxError {
  const shown = (expr.slice(0, pos + 8) + '...').replace(/[\n\t]/g, ' ')
  return new XPathSyntaxError(`Query:\n${shown}\n${'.'.repeat(Math.max(0, pos - 1))}^^^\nInvalid query somewhere around here (I think)\n`, true)
}

function tokenize (expr: string): Token[] {
  const out: Token[] = []
  let i = 0
  // XPath 1.0 section 3.7: after these (or at the start) `*` is a name test and an NCName a name
  const nameContext = (): boolean => {
    const prev = out[out.length - 1]
    if (prev === undefined) return true
    if (prev.kind === 'op') return true
    return prev.kind === 'punct' && ['@', '::', '(', '[', ','].includes(prev.text)
  }
  while (i < expr.length) {
    const c = expr[i]
    if (/\s/.test(c)) { i++; continue }
    const rest = expr.slice(i)
    const pos = i
    if (c === '"' || c === "'") {
      const end = expr.indexOf(c, i + 1)
      if (end < 0) throw badQuery(expr, i)
      out.push({ kind: 'lit', text: expr.slice(i + 1, end), pos })
      i = end + 1
      continue
    }
    const num = NUMBER_RE.exec(rest)
    if (num !== null) { out.push({ kind: 'num', text: num[0], pos }); i += num[0].length; continue }
    if (rest.startsWith('..')) { out.push({ kind: 'punct', text: '..', pos }); i += 2; continue }
    if (rest.startsWith('::')) { out.push({ kind: 'punct', text: '::', pos }); i += 2; continue }
    if (rest.startsWith('//')) { out.push({ kind: 'op', text: '//', pos }); i += 2; continue }
    const two = rest.slice(0, 2)
    if (two === '!=' || two === '<=' || two === '>=') { out.push({ kind: 'op', text: two, pos }); i += 2; continue }
    if ('()[].@,'.includes(c)) { out.push({ kind: 'punct', text: c, pos }); i++; continue }
    if ('/|+-=<>'.includes(c)) { out.push({ kind: 'op', text: c, pos }); i++; continue }
    if (c === '$') {
      const v = new RegExp(`^\\$(${NCNAME}(?::${NCNAME})?)`).exec(rest)
      if (v === null) throw badQuery(expr, i)
      out.push({ kind: 'var', text: v[1], pos }); i += v[0].length; continue
    }
    if (c === '*' && !nameContext()) { out.push({ kind: 'op', text: '*', pos }); i++; continue }
    const name = NAME_RE.exec(rest)
    if (name === null) throw badQuery(expr, i)
    const text = name[0]
    i += text.length
    if (!nameContext() && OPERATOR_NAMES.has(text)) { out.push({ kind: 'op', text, pos }); continue }
    const after = expr.slice(i).replace(/^\s+/, '')
    if (text !== '*' && !text.includes(':') && after.startsWith('::')) { out.push({ kind: 'axis', text, pos }); continue }
    if (text !== '*' && !text.endsWith(':*') && after.startsWith('(')) {
      out.push({ kind: NODE_TYPES.has(text) ? 'nodetype' : 'func', text, pos })
      continue
    }
    out.push({ kind: 'name', text, pos })
  }
  return out
}

/** How a prefix in a name test resolves: a URI from set_namespace, or per node (XML::XPath's fallback). */
export interface RewriteOptions {
  /** set_namespace's mappings: these prefixes are registered with libxml2 and used as written */
  namespaces: Readonly<Record<string, string>>
  /** the document declares a default namespace somewhere: unprefixed element names must match by name */
  defaultNamespaces: boolean
  /** the document has adjacent text nodes (text beside CDATA), which XML::XPath's parser makes one: text() selects the first of each run */
  mergedText?: boolean
  /** put before each relative location path of the outer expression (the context is not an element) */
  contextPath: string | null
}

export interface Compiled {
  /** the expression to give libxml2 */
  text: string
  type: StaticType
  /** the result may contain the document node (see find.ts) */
  mayHoldRoot: boolean
  /** the outermost operator is `div`: XML::XPath answers a division by zero with a Literal */
  topDiv: boolean
}

interface Part { text: string, type: StaticType, div?: boolean }

// XML::XPath's functions: result type and the check it makes of its arguments (its die texts).
interface FnSpec { type: StaticType, check?: (args: Part[]) => string | null }
const arity = (msg: string, ok: (n: number) => boolean) => (a: Part[]) => ok(a.length) ? null : msg
const FUNCTIONS: Record<string, FnSpec> = {
  last: { type: 'number', check: arity("last: function doesn't take parameters\n", n => n === 0) },
  position: { type: 'number', check: arity("position: function doesn't take parameters [ ]\n", n => n === 0) },
  count: { type: 'number', check: a => a[0]?.type === 'nodeset' ? null : 'count: Parameter must be a NodeSet\n' },
  id: { type: 'nodeset', check: arity('id: Function takes 1 parameter\n', n => n === 1) },
  'local-name': { type: 'string', check: arity('name() function takes one or no parameters\n', n => n <= 1) },
  'namespace-uri': { type: 'string', check: arity('namespace_uri() function takes one or no parameters\n', n => n <= 1) },
  name: { type: 'string', check: arity('name() function takes one or no parameters\n', n => n <= 1) },
  string: { type: 'string', check: arity('string: Too many parameters\n', n => n <= 1) },
  concat: { type: 'string', check: arity('concat: Too few parameters\n', n => n >= 2) },
  'starts-with': { type: 'boolean', check: arity('starts-with: incorrect number of params\n', n => n === 2) },
  contains: { type: 'boolean', check: arity('starts-with: incorrect number of params\n', n => n === 2) },
  'substring-before': { type: 'string', check: arity('starts-with: incorrect number of params\n', n => n === 2) },
  'substring-after': { type: 'string', check: arity('starts-with: incorrect number of params\n', n => n === 2) },
  substring: { type: 'string', check: arity('substring: Wrong number of parameters\n', n => n === 2 || n === 3) },
  'string-length': { type: 'number', check: arity('string-length: Wrong number of params\n', n => n <= 1) },
  'normalize-space': { type: 'string', check: arity('normalize-space: Wrong number of params\n', n => n <= 1) },
  translate: { type: 'string', check: arity('translate: Wrong number of params\n', n => n === 3) },
  boolean: { type: 'boolean', check: arity('boolean: Incorrect number of parameters\n', n => n === 1) },
  not: { type: 'boolean' },
  true: { type: 'boolean', check: arity('true: function takes no parameters\n', n => n === 0) },
  false: { type: 'boolean', check: arity('true: function takes no parameters\n', n => n === 0) },
  lang: { type: 'boolean', check: arity('lang: function takes 1 parameter\n', n => n === 1) },
  number: { type: 'number', check: arity('number: Too many parameters\n', n => n <= 1) },
  sum: { type: 'number', check: a => a[0]?.type === 'nodeset' ? null : 'sum: Parameter must be a NodeSet\n' },
  floor: { type: 'number' },
  ceiling: { type: 'number' },
  round: { type: 'number' },
}
const TYPE_CLASS: Record<StaticType, string> = {
  nodeset: 'XML::XPath::NodeSet', string: 'XML::XPath::Literal', number: 'XML::XPath::Number', boolean: 'XML::XPath::Boolean',
}

const quoteLit = (s: string): string => s.includes("'") ? `"${s}"` : `'${s}'`
const ELEMENT_AXES = new Set([...AXES].filter(a => a !== 'attribute' && a !== 'namespace'))
const ROOT_AXES = new Set(['self', 'parent', 'ancestor', 'ancestor-or-self'])

class Parser {
  private i = 0
  private predDepth = 0
  mayHoldRoot = false

  constructor (private readonly expr: string, private readonly toks: Token[], private readonly opts: RewriteOptions) {}

  private peek (o = 0): Token | undefined { return this.toks[this.i + o] }
  private at (kind: TokKind, text?: string): boolean {
    const t = this.peek()
    return t !== undefined && t.kind === kind && (text === undefined || t.text === text)
  }

  private next (): Token { return this.toks[this.i++] }
  private cur (): string { return this.peek()?.text ?? '' }
  private expect (kind: TokKind, text: string): void {
    // XML::XPath's match() gives up quietly at the end of the tokens: a missing last ] or ) is no error
    if (this.peek() === undefined && (text === ']' || text === ')')) return
    if (!this.at(kind, text)) throw new XPathSyntaxError(`Invalid token: ${this.cur()}\n`, true)
    this.i++
  }

  parse (): Compiled {
    if (this.toks.length === 0) throw new XPathSyntaxError('No path to find')
    const e = this.orExpr()
    if (this.i < this.toks.length) {
      throw new XPathSyntaxError(`Parse of expression ${this.expr} failed - junk after end of expression: ${this.cur()}`)
    }
    return { text: e.text, type: e.type, mayHoldRoot: this.mayHoldRoot && e.type === 'nodeset', topDiv: e.div === true }
  }

  private binary (ops: string[], sub: () => Part, type: (op: string) => StaticType): Part {
    let left = sub()
    while (this.peek()?.kind === 'op' && ops.includes(this.cur())) {
      const op = this.next().text
      const right = sub()
      // XML::XPath's != is not(=): for node sets that is not the W3C meaning
      left = op === '!='
        ? { text: `not(${left.text} = ${right.text})`, type: 'boolean' }
        : { text: `${left.text} ${op} ${right.text}`, type: type(op), div: op === 'div' }
    }
    return left
  }

  private orExpr (): Part { return this.binary(['or'], () => this.andExpr(), () => 'boolean') }
  private andExpr (): Part { return this.binary(['and'], () => this.eqExpr(), () => 'boolean') }
  private eqExpr (): Part { return this.binary(['=', '!='], () => this.relExpr(), () => 'boolean') }
  private relExpr (): Part { return this.binary(['<', '>', '<=', '>='], () => this.addExpr(), () => 'boolean') }
  private addExpr (): Part { return this.binary(['+', '-'], () => this.mulExpr(), () => 'number') }
  private mulExpr (): Part { return this.binary(['*', 'div', 'mod'], () => this.unaryExpr(), () => 'number') }

  private unaryExpr (): Part {
    if (this.at('op', '-')) {
      this.i++
      const e = this.unaryExpr()
      return { text: `-(${e.text})`, type: 'number' }
    }
    return this.unionExpr()
  }

  private unionExpr (): Part {
    let left = this.pathExpr()
    while (this.at('op', '|')) {
      this.i++
      const right = this.pathExpr()
      if (left.type !== 'nodeset' || right.type !== 'nodeset') throw new XPathSyntaxError('Both sides of a union must be Node Sets\n', true)
      left = { text: `${left.text} | ${right.text}`, type: 'nodeset' }
    }
    return left
  }

  private startsPrimary (): boolean {
    const t = this.peek()
    if (t === undefined) return false
    return t.kind === 'var' || t.kind === 'lit' || t.kind === 'num' || t.kind === 'func' || (t.kind === 'punct' && t.text === '(')
  }

  private pathExpr (): Part {
    if (this.startsPrimary()) {
      let f = this.primaryExpr()
      while (this.at('punct', '[')) {
        if (f.type !== 'nodeset') throw new XPathSyntaxError(`Can't have predicates execute on object type: ${TYPE_CLASS[f.type]}`)
        f = { text: `${f.text}${this.predicate()}`, type: 'nodeset' }
      }
      if (this.at('op', '/') || this.at('op', '//')) {
        const sep = this.next().text
        const rel = this.relativePath()
        // XML::XPath evaluates the steps on whatever the filter gave; a non-node-set has no steps
        if (f.type !== 'nodeset') throw new XPathSyntaxError(`Can't have predicates execute on object type: ${TYPE_CLASS[f.type]}`)
        return { text: `${f.text}${sep}${rel}`, type: 'nodeset' }
      }
      return f
    }
    return { text: this.locationPath(), type: 'nodeset' }
  }

  private locationPath (): string {
    if (this.at('op', '/')) {
      this.i++
      if (this.startsStep()) return '/' + this.relativePath()
      this.mayHoldRoot ||= this.predDepth === 0
      return '/'
    }
    if (this.at('op', '//')) {
      this.i++
      return '//' + this.relativePath()
    }
    if (!this.startsStep()) throw new XPathSyntaxError(`Not a PrimaryExpr at ${this.cur()}`)
    const rel = this.relativePath()
    if (this.predDepth === 0 && this.opts.contextPath !== null) {
      // the context is the document or a node libxmljs2 cannot search from: start from its path
      return this.opts.contextPath + rel
    }
    return rel
  }

  private startsStep (): boolean {
    const t = this.peek()
    if (t === undefined) return false
    if (t.kind === 'name' || t.kind === 'axis' || t.kind === 'nodetype') return true
    return t.kind === 'punct' && (t.text === '.' || t.text === '..' || t.text === '@')
  }

  private relativePath (): string {
    let out = this.step()
    while (this.at('op', '/') || this.at('op', '//')) {
      const sep = this.next().text
      out += sep + this.step()
    }
    return out
  }

  private step (): string {
    // only the outer expression's steps can put the document node in the result
    const outer = this.predDepth === 0
    if (this.at('punct', '.')) { this.i++; this.mayHoldRoot ||= outer; return '.' }
    if (this.at('punct', '..')) { this.i++; this.mayHoldRoot ||= outer; return '..' }
    let axis = 'child'
    let axisText = ''
    if (this.at('punct', '@')) {
      this.i++
      axis = 'attribute'
      axisText = '@'
    } else if (this.at('axis')) {
      axis = this.next().text
      if (!AXES.has(axis)) throw new XPathSyntaxError(`Not a PrimaryExpr at ${axis}`)
      this.expect('punct', '::')
      axisText = `${axis}::`
    }
    if (axis === 'namespace') throw new XPathSyntaxError('the namespace axis is not supported by cpan-bridge\'s XML::XPath')
    if (ROOT_AXES.has(axis)) this.mayHoldRoot ||= outer
    let test: string
    const t = this.peek()
    if (t?.kind === 'nodetype') {
      this.i++
      this.expect('punct', '(')
      let arg = ''
      if (t.text === 'processing-instruction' && this.at('lit')) arg = quoteLit(this.next().text)
      this.expect('punct', ')')
      test = `${t.text}(${arg})`
      if (t.text === 'text' && this.opts.mergedText === true) test += '[not(preceding-sibling::node()[1][self::text()])]'
    } else if (t?.kind === 'name') {
      this.i++
      test = this.nameTest(t.text, axis)
    } else {
      throw new XPathSyntaxError(`Not a PrimaryExpr at ${this.cur()}`)
    }
    let preds = ''
    while (this.at('punct', '[')) preds += this.predicate()
    return axisText + test + preds
  }

  /** An element or attribute name test with XML::XPath's meaning (see the top of this file). */
  private nameTest (name: string, axis: string): string {
    if (name === '*') return name
    const colon = name.indexOf(':')
    const elementAxis = ELEMENT_AXES.has(axis)
    if (colon < 0) {
      // attributes without a prefix have no namespace in either reading
      return elementAxis && this.opts.defaultNamespaces ? `*[name()=${quoteLit(name)}]` : name
    }
    const prefix = name.slice(0, colon)
    const local = name.slice(colon + 1)
    if (Object.prototype.hasOwnProperty.call(this.opts.namespaces, prefix)) return name
    // the prefix as bound where the node is: for an attribute, on its element
    const scope = elementAxis ? `namespace::${prefix}` : `../namespace::${prefix}`
    const uriTest = `namespace-uri()=${scope}`
    return local === '*' ? `*[${uriTest}]` : `*[local-name()=${quoteLit(local)} and ${uriTest}]`
  }

  private predicate (): string {
    this.expect('punct', '[')
    this.predDepth++
    const e = this.orExpr()
    this.predDepth--
    this.expect('punct', ']')
    return `[${e.text}]`
  }

  private primaryExpr (): Part {
    const t = this.next()
    switch (t.kind) {
      case 'var':
        throw new XPathSyntaxError(`XPath variables are not supported by cpan-bridge's XML::XPath: $${t.text}`)
      case 'lit':
        return { text: quoteLit(t.text), type: 'string' }
      case 'num':
        return { text: t.text, type: 'number' }
      case 'punct': { // '('
        const e = this.orExpr()
        this.expect('punct', ')')
        return { text: `(${e.text})`, type: e.type, div: e.div }
      }
      default:
        return this.functionCall(t.text)
    }
  }

  private functionCall (name: string): Part {
    this.expect('punct', '(')
    const args: Part[] = []
    if (!this.at('punct', ')')) {
      args.push(this.orExpr())
      while (this.at('punct', ',')) { this.i++; args.push(this.orExpr()) }
    }
    this.expect('punct', ')')
    const spec = FUNCTIONS[name]
    if (spec === undefined) {
      if (name === 'matches') throw new XPathSyntaxError('matches() is not supported by cpan-bridge\'s XML::XPath')
      throw new XPathSyntaxError(`Can't locate object method "${name.replace(/-/g, '_')}" via package "XML::XPath::Function"`)
    }
    const err = spec.check?.(args) ?? null
    if (err !== null) throw new XPathSyntaxError(err, err.endsWith('\n'))
    // XML::XPath sums in Perl, where a value that is not a number counts as 0 (libxml2's sum would be NaN)
    if (name === 'sum') return { text: `sum((${args[0].text})[number(.) = number(.)])`, type: 'number' }
    return { text: `${name}(${args.map(a => a.text).join(', ')})`, type: spec.type }
  }
}

export function compile (expr: string, opts: RewriteOptions): Compiled {
  return new Parser(expr, tokenize(expr), opts).parse()
}
