import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { useEditorContext } from '@graphiql/react';
import { Kind, parse } from 'graphql';
import { meros } from 'meros/browser';
import 'graphiql/graphiql.css';
import './style.css';
import { audiences } from './examples.js';

// The Go handler writes the GraphQL endpoint into <body data-endpoint>, so the
// same bundle works wherever the API is mounted.
const endpoint = document.body.dataset.endpoint;

// A plain fetch-based fetcher: the page only talks to its own origin, so it
// needs none of the websocket support of @graphiql/toolkit. A query with
// @defer is answered in parts (multipart/mixed), each yielded for GraphiQL to
// merge into the result. Only such a query asks for parts: GraphiQL stops
// reading its schema query's answer after the first value, which would cut
// off an answer in parts.
async function* fetcher(params, opts) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: params.query?.includes('@defer') ? 'application/json, multipart/mixed' : 'application/json',
      ...opts?.headers,
    },
    body: JSON.stringify(params),
  });
  if (!response.headers.get('Content-Type')?.startsWith('multipart/mixed')) {
    yield await response.json();
    return;
  }
  // meros stops at the closing boundary and cancels the body, which the
  // browser reports as a failed request when the response's end has not
  // come yet; so meros reads one copy of the body, and the other is read to
  // its end.
  const [parts, whole] = response.body.tee();
  const drained = new Response(whole).arrayBuffer();
  for await (const part of await meros(new Response(parts, { headers: response.headers }))) {
    yield part.body;
  }
  await drained;
}

// Loads an example into the active tab, the way GraphiQL's own history pane
// does. Opening a new tab first is left to the user (the "+" button), because
// GraphiQL fills a new tab asynchronously and would overwrite our text.
function ExamplesPane() {
  const { queryEditor, variableEditor, setOperationName } = useEditorContext({ nonNull: true });
  const load = (query) => {
    queryEditor?.setValue(query);
    variableEditor?.setValue('');
    // GraphiQL learns the operation's name from the editor only after a
    // delay; run before that, and it would send the previous query's name
    // with this text ("operation Search not found").
    setOperationName(operationName(query));
  };
  return (
    <section className="examples" aria-label="Example queries">
      <div className="graphiql-doc-explorer-title">Examples</div>
      <p>Pick an example to load it into the editor, then press run.</p>
      {audiences.map(({ audience, about, examples }) => (
        <div key={audience} className="examples-group">
          <h3>{audience}</h3>
          <p>{about}</p>
          <ul>
            {examples.map(({ title, query }) => (
              <li key={title}>
                <button type="button" onClick={() => load(query)}>
                  {title}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

// operationName is the name of a query's first operation.
function operationName(query) {
  const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value ?? '';
}

function ExamplesIcon() {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" aria-hidden="true">
      <path d="M4 5h16M4 12h16M4 19h10" strokeLinecap="round" />
    </svg>
  );
}

const examplesPlugin = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPane };

const defaultQuery = `# Welcome to the hankegraph GraphQL API.
#
# The Examples pane on the left has queries for explorers, researchers,
# map clients and data maintainers. Press Ctrl-Enter to run a query and
# Ctrl-Space for completion. The map of welfare areas is at map/.

${audiences[0].examples[0].query}
`;

createRoot(document.getElementById('graphiql')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultQuery={defaultQuery}
    plugins={[examplesPlugin]}
    visiblePlugin={examplesPlugin}
  >
    <GraphiQL.Logo>
      hankegraph <a className="map-link" href="map/">map</a>
    </GraphiQL.Logo>
  </GraphiQL>,
);
