/**
 * The part of docs/reliability.md that explains the design: what the package relies on in n8n, with the
 * source it was read in. Static text, kept apart from the measured figures.
 */
export const RELIES_ON_N8N = `## What this relies on in n8n (read in n8n 1.123.81 and 2.41.1)

Paths are under \`node_modules/\` of each install (\`npx tsx devkit/n8n/install-runtime.ts --print\` shows where).

- **\`delete()\` after a failed set-up.** 1.x \`ActiveWorkflowManager.addWebhooks\` (\`n8n/dist/active-workflow-manager.js\`)
  calls \`clearWebhooks\`, which rebuilds the workflow from the static data stored in the database and calls the
  node's \`delete()\`, then rethrows. 2.x \`WebhookTriggerRegistrar.register\`
  (\`n8n/dist/workflows/triggers/webhook-trigger-registrar.js\`) calls \`clearRegisteredWebhook\` with the same
  in-memory workflow. So set-up throws only when nothing listens or the problem is permanent.
- **A throwing \`delete()\` holds back a republish.** 2.x \`WorkflowTriggerActivator.deregisterExternalWebhookWithRetry\`
  (\`n8n/dist/workflows/triggers/workflow-trigger-activator.js\`) repeats a failed teardown up to
  \`TRIGGER_TEARDOWN_MAX_ATTEMPTS\` (3) times with growing waits before the new version is activated; with our
  lifecycle budget that was about 34 s in which deliveries found no webhook. A failure that passes with time is
  therefore logged by \`delete()\`, never thrown; what could not be removed is kept for the next set-up.
- **When set-up runs.** 1.x runs \`checkExists\`/\`create\` at every activation, save (\`remove\` then \`add('update')\`)
  and start-up. 2.x's publication applier (\`n8n/dist/workflows/publication/workflow-publication-applier.js\`,
  \`computeTriggerDiff\` in \`trigger-diff.js\`) re-registers only trigger nodes whose name, type, version, webhook id,
  credentials or parameters changed; at start-up it registers nodes with a \`trigger()\` that this process has not
  registered yet (\`getUnregisteredNonWebhookTriggerNodeIds\`), which for this node also runs its webhook set-up.
  On 2.x the webhook set-up and \`trigger()\` run side by side on one \`Workflow\` object
  (\`workflow-trigger-activator.js\` \`activateInternal\`, \`Promise.allSettled\` of both phases), and static data is
  saved once after both; on 1.x set-up runs first, then \`trigger()\`, each followed by a save.
- **The schedule.** \`this.helpers.registerCron({ expression }, onTick)\` (n8n-core
  \`scheduling-helper-functions.js\`, same signature in 1.122 and 2.41); the task manager fires crons on the leader
  only (\`scheduled-task-manager.js\`), so the check and the catch-up run once per installation in queue mode and
  multi-main. A cron does not wait for its callback; the catch-up guards against overlapping ticks itself.
- **Static data is one JSON column, replaced whole.** \`n8n/dist/workflows/workflow-static-data.service.js\`
  \`saveStaticData\` writes the whole object (\`UPDATE workflow_entity SET staticData\`) when it changed; no merge, no
  lock, last writer wins. Where it is saved, as \`test/e2e/n8n-static-data.e2e.test.ts\` shows on 2.41.1, 1.123.81
  and 2.41.1 in queue mode:
  - at the end of an activation, and after \`delete()\`;
  - after a \`webhook()\` call that changed it (\`webhooks/live-webhooks.js\`, in the answer's callback), but on 2.x
    **not** when the call starts an execution and lets n8n answer: 2.x defers that answer until
    \`WorkflowRunner.run\` has returned (\`webhooks/webhook-helpers.js\`), and \`run\` first builds a second
    \`Workflow\` on the same object (\`establishContextForPersistence\`, \`workflow-runner.js\`), which resets its change
    flag. A call that answers the request itself (\`noWebhookResponse\`) gets its callback before \`run\`, and is saved
    on both lines, from a webhook processor too;
  - after an execution that changed it (\`execution-lifecycle/execution-lifecycle-hooks.js\`), from the copy the execution
    began with: in regular mode read from the database when it started; on a 2.x queue-mode worker an **empty** one,
    since 2.x keeps no static data in an execution's workflow snapshot (\`toWorkflowSnapshot\`) and the worker reloads it
    only for a resumed execution (\`scaling/job-processor.js\`). Such a save replaces the column with what that
    execution wrote alone;
  - with every \`emit()\` of a trigger (2.x \`workflows/triggers/trigger-execution-context.factory.js\`, 1.x
    \`active-workflow-manager.js\` \`getExecuteTriggerFunctions\`: \`void saveStaticData(workflow)\`, not awaited), also
    with one that 2.x refuses as a duplicate;
  - never on a cron tick, in \`closeFunction\` or at shutdown.
- **The leader's copy.** \`trigger()\` keeps the \`Workflow\` object of its activation; nothing reloads it. Writes by
  others reach the database, not that copy, and its next emit writes it over them.
- **Emits take a deduplication key on 2.x.** \`emit(data, responsePromise, donePromise, deduplicationKey)\`: the key is
  unique across all workflows in the executions table (migration \`AddExecutionDeduplicationKey\`); a second emit with
  a key whose execution still exists starts nothing. 1.x ignores the argument. Webhook executions cannot set one.
- **\`donePromise\`** resolves with the run (\`status\` \`success\`, \`error\`, …) when the execution has finished, in regular
  and in queue mode; it rejects when the run could not start (2.x \`settleDonePromise\`).
- **Remove Duplicates' store** (\`checkProcessedAndRecord\`, \`n8n/dist/deduplication/deduplication-helper.js\`, a table
  of its own: \`processed_data\`) exists only in the execution context, not in \`webhook()\` or \`trigger()\`, and works in
  the trigger's own \`execute()\` on every process (the e2e test above). It reads and writes with no transaction, so
  concurrent first runs collide on its primary key and concurrent later runs write back the list each read.
- **\`execute()\` runs first in every execution the trigger starts.** \`WorkflowExecute.runNode\` (n8n-core
  \`workflow-execute.js\`) calls a start node's \`execute()\` before \`trigger()\`, with the emitted or delivered items as
  its input, in production (on the main instance or a worker) and in manual runs, where it would otherwise call
  \`trigger()\` and wait for an emit. So *Listen for test event* keeps its item, and the delivery record below sees
  every item.
- **Activation modes.** \`activate\` for a fresh activation (2.x: a publish with no published version before),
  \`update\` for a save or republish, \`init\`/\`leadershipChange\` at start-up: a fresh activation ends retired secrets
  and takes the catch-up's baseline.

## How the catch-up is built on that

- **The baseline and the publication gap.** 2.x applies a publication after the publish call has returned: its outbox
  consumer calls \`WorkflowTriggerActivator.activateInternal\` (\`n8n/dist/workflows/triggers/workflow-trigger-activator.js\`),
  which registers the webhooks (set-up) and the \`trigger()\`s side by side (\`Promise.allSettled\`). Measured on an idle
  n8n 2.41.1: the public API's activate answered 0.6 s before \`checkExists\` ran. An object whose \`created_at\` is less
  than 30 s older than the activation is therefore an event, not the baseline; without \`created_at\` in the list (Aurora's
  Retrieve Lead example has one; its list's is not confirmed) a lead created in that gap is taken for the baseline.
- **Where it runs.** In \`trigger()\`'s cron, on the leader only, once shortly after every start and then every minute;
  a pass over the lists starts every *Subscription Check Interval* (webhooks) or *Poll Interval* (polling).
- **What it keeps.** In the node's static data under \`catchUp\`: per list (leads, projects) one base64 string with
  12 bytes per object (8 of the SHA-256 of its id, 4 of the SHA-256 of its compared content), so 16 characters per
  object; a 10,000-lead tenant is 160 kB. n8n parses one string per delivery, not 10,000 values.
- **How it is saved, since a cron tick saves nothing.** (1) The baseline is taken inside set-up at a fresh activation,
  which n8n saves with the activation. (2) Before the emits of caught-up items, the state with their marks is written
  into the leader's static data, which the emit saves. (3) A delivery on the leader's own process (one main instance:
  all of them) writes the leader's latest state, with what this process's deliveries passed on more than 30 s before
  folded in, into the static data n8n loaded for it, at most every 2 minutes, never while set-up runs in that process
  or within 2 minutes of its end (its save must not be overwritten with older subscription data), and answers Aurora
  itself, so that n8n saves it before the run starts on 2.x as on 1.x. Between saves the newest copy lives in the
  process, so a republish or save that restarts the trigger there goes on from it.
- **What accounts for an object.** The state, and what this process passed on (by delivery or catch-up) in the last
  26 hours, kept in memory. An object nothing accounts for waits 2 minutes (a delivery on its way wins), then is
  passed on with \`caught_up: true\`, a deduplication key (2.x), at most 4 executions at a time.
- **The delivery record, for what the leader cannot know.** The trigger's \`execute()\` records each object a delivery
  passed on in n8n's dedupe store (scoped to the node, the latest 2,000 keys), and drops a caught-up item whose object a
  delivery already passed on: that execution ends at the trigger with no item. This covers a webhook processor's
  deliveries (queue mode) and what was delivered between the last save and a restart or crash. Within one process the
  executions take turns with the store; a record lost to a collision between workers costs at most a caught-up copy, and
  a store that fails lets the item through.
- **The rate limit.** At most 30 list requests in any minute and 540 in any hour per API key and process (a third and
  a tenth of Aurora's 90 per minute), one at a time, never repeated within a pass; after a 429 nothing until
  \`Retry-After\`. A delivery's retrieval therefore keeps at least 60 requests a minute.`;
