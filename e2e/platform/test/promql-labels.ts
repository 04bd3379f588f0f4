import { parser } from '@prometheus-io/lezer-promql';

type SyntaxNode = ReturnType<typeof parser.parse>['topNode'];

/**
 * Reads a PromQL expression with Prometheus' own grammar (the one its web UI uses) and
 * follows the labels through it: every series it names must be known, every label in a
 * selector, a `by`, `without`, `on`, `ignoring` or `group_left` must be one the series
 * has at that point, and what comes out is the label set of the result (so a recording
 * rule's labels are known to the expressions that read it).
 */
export type Labels = ReadonlySet<string>;

/** The labels of each series name an expression may select; undefined for an unknown name. */
export type SeriesLabels = (name: string) => Labels | undefined;

const expressionNodes = new Set([
  'VectorSelector',
  'MatrixSelector',
  'AggregateExpr',
  'FunctionCall',
  'BinaryExpr',
  'ParenExpr',
  'OffsetExpr',
  'SubqueryExpr',
  'UnaryExpr',
  'StepInvariantExpr',
  'NumberDurationLiteral',
  'StringLiteral',
]);
/** What an unknown series stands for after it is reported, so its labels are not reported again. */
const unknownSeries: Labels = new Set();
/** Aggregations that keep the labels of the series they pick rather than grouping them. */
const selecting = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

export function promqlLabels(expr: string, series: SeriesLabels): { labels: Labels | undefined; problems: string[] } {
  const problems: string[] = [];
  const tree = parser.parse(expr);
  tree.iterate({
    enter(node) {
      if (node.type.isError) problems.push(`does not parse at ${node.from}: ${JSON.stringify(expr.slice(Math.max(0, node.from - 20), node.to + 20))}`);
    },
  });
  const text = (node: SyntaxNode) => expr.slice(node.from, node.to);
  const children = (node: SyntaxNode | null, name?: string) => {
    const found: SyntaxNode[] = [];
    for (let child = node?.firstChild ?? null; child; child = child.nextSibling) if (!name || child.name === name) found.push(child);
    return found;
  };
  const expressions = (node: SyntaxNode | null) => children(node).filter((child) => expressionNodes.has(child.name));
  const grouping = (node: SyntaxNode | undefined) => children(node ?? null, 'GroupingLabels').flatMap((list) => children(list, 'LabelName').map(text));
  const need = (labels: string[], have: Labels | undefined, where: string) => {
    if (have === unknownSeries) return;
    for (const label of labels)
      if (!have?.has(label))
        problems.push(`${where} uses label "${label}", which ${have ? `is not among ${[...have].sort().join(', ')}` : 'a scalar does not have'}`);
  };

  /** The labels of what `node` evaluates to; undefined for a scalar or a string. */
  function labelsOf(node: SyntaxNode): Labels | undefined {
    switch (node.name) {
      case 'PromQL':
      case 'ParenExpr':
      case 'OffsetExpr':
      case 'SubqueryExpr':
      case 'UnaryExpr':
      case 'StepInvariantExpr':
      case 'MatrixSelector': {
        const [inner] = expressions(node);
        return inner ? labelsOf(inner) : undefined;
      }
      case 'NumberDurationLiteral':
      case 'StringLiteral':
        return undefined;
      case 'VectorSelector':
        return selector(node);
      case 'AggregateExpr':
        return aggregate(node);
      case 'FunctionCall':
        return call(node);
      case 'BinaryExpr':
        return binary(node);
      default:
        problems.push(`"${text(node)}": ${node.name} is not checked here; write the expression without it`);
        return undefined;
    }
  }

  function selector(node: SyntaxNode): Labels | undefined {
    const identifier = children(node, 'Identifier')[0];
    if (!identifier) {
      problems.push(`"${text(node)}" selects no metric by name`);
      return undefined;
    }
    const name = text(identifier);
    const labels = series(name);
    if (!labels) problems.push(`"${name}" is neither a metric the platform exports, a recording rule, nor a standard series`);
    const matchers = children(node, 'LabelMatchers')[0];
    for (const quoted of children(matchers ?? null, 'QuotedLabelMatcher')) problems.push(`"${text(quoted)}": quoted label names are not checked here`);
    if (labels)
      need(
        children(matchers ?? null, 'UnquotedLabelMatcher').map((matcher) => text(children(matcher, 'LabelName')[0]!)),
        labels,
        name,
      );
    return labels ?? unknownSeries;
  }

  function aggregate(node: SyntaxNode): Labels | undefined {
    const op = text(children(node, 'AggregateOp')[0]!);
    const args = expressions(children(node, 'FunctionCallBody')[0] ?? null);
    const inner = args.length ? labelsOf(args[args.length - 1]!) : undefined;
    const modifier = children(node, 'AggregateModifier')[0];
    const labels = grouping(modifier);
    need(labels, inner, `${op} ${modifier ? text(modifier) : ''}`.trim());
    if (selecting.has(op)) return inner;
    if (!modifier) return new Set();
    return children(modifier, 'By').length ? new Set(labels) : new Set([...(inner ?? [])].filter((label) => !labels.includes(label)));
  }

  function call(node: SyntaxNode): Labels | undefined {
    const name = text(children(node, 'FunctionIdentifier')[0]!);
    const args = expressions(children(node, 'FunctionCallBody')[0] ?? null).map(labelsOf);
    if (name === 'vector') return new Set();
    if (name === 'scalar' || name === 'time') return undefined;
    if (name === 'histogram_quantile') {
      need(['le'], args[1], 'histogram_quantile');
      return new Set([...(args[1] ?? [])].filter((label) => label !== 'le'));
    }
    if (name === 'label_replace' || name === 'label_join') {
      problems.push(`${name}: labels made by a query are not followed here; record them instead`);
    }
    return args.find((labels) => labels !== undefined);
  }

  function binary(node: SyntaxNode): Labels | undefined {
    const [left, right] = expressions(node).map(labelsOf);
    if (!left || !right) return left ?? right;
    const setOp = children(node).find((child) => ['And', 'Or', 'Unless'].includes(child.name))?.name;
    const matching = children(node, 'MatchingModifierClause')[0] ?? null;
    const [matched, included] = children(matching, 'GroupingLabels').map((list) => children(list, 'LabelName').map(text));
    const on = children(matching, 'On').length > 0;
    need(matched ?? [], left, 'the left side of on/ignoring');
    need(matched ?? [], right, 'the right side of on/ignoring');
    if (setOp === 'And' || setOp === 'Unless') return left;
    if (setOp === 'Or') return new Set([...left, ...right]);
    if (children(matching, 'GroupLeft').length) {
      need(included ?? [], right, 'group_left');
      return new Set([...left, ...(included ?? [])]);
    }
    if (children(matching, 'GroupRight').length) {
      need(included ?? [], left, 'group_right');
      return new Set([...right, ...(included ?? [])]);
    }
    // One-to-one: Prometheus keeps only the on() labels, or drops the ignoring() ones.
    if (on) return new Set(matched);
    return new Set([...left].filter((label) => !(matched ?? []).includes(label)));
  }

  return { labels: labelsOf(tree.topNode), problems };
}
