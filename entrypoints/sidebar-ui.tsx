/**
 * The sidebar's body, loaded after its first paint (entrypoints/dialpad.content/parts.ts): the
 * models of the person in view, the outbox, "Related to", the ToDo form and the call strip, and the
 * components that show them. Its Preact and signals are the content script's (shared-modules).
 */
import { computed } from '@preact/signals';
import { CallStrip } from '@/components/CallStrip';
import { PersonArea } from '@/components/PersonArea';
import { SearchPanel } from '@/components/SearchPanel';
import { createCallStrip } from '@/lib/sidebar/call-strip';
import { createCalllogModel } from '@/lib/sidebar/calllog-model';
import { createMatchModel } from '@/lib/sidebar/match-model';
import { createRelatedModel } from '@/lib/sidebar/related-model';
import { createTodoComposer } from '@/lib/sidebar/todo-composer';
import { registerPart, type StartedUi, type UiPart, type UiShell } from './dialpad.content/parts-registry';

function start({ model, bridge, channel, send }: UiShell): StartedUi {
  const match = createMatchModel(send, { channel });
  const calllog = createCalllogModel(send);
  const related = createRelatedModel(send, model.settings, channel);
  const composer = createTodoComposer();
  // What will happen to the call in view, in words (derived from all of the above).
  const strip = createCallStrip({
    call: bridge.call,
    matchPerson: match.person,
    matchView: match.view,
    connected: model.connected,
    settings: model.settings,
    outbox: calllog.outbox,
    instanceUrl: model.instanceUrl,
  });
  const stops = [
    // Salesforce is asked about whoever is in view; nobody while disconnected.
    match.follow(model.connected, bridge.person),
    calllog.watch(),
    related.watch(),
  ];
  return {
    waiting: computed(() => calllog.outbox.value?.total ?? 0),
    Top: () => (strip.view.value ? <CallStrip view={strip.view.value} onNote={(cardId) => composer.write(cardId, 'note')} onDismiss={() => strip.dismiss()} /> : null),
    Body: () => (
      <>
        <SearchPanel bridge={bridge} connected={model.connected.value} />
        <PersonArea
          match={match}
          calllog={calllog}
          composer={composer}
          calls={bridge.recentCalls.value.map((call) => ({ callId: call.callId, label: call.name ?? call.number ?? call.callId, number: call.number, live: call.live }))}
          displayName={bridge.displayName.value}
          company={bridge.company.value}
          searched={bridge.searched.value}
          related={related}
          dialpadLogsCalls={model.settings.value?.dialpadLogsCalls === true}
          duringCall={strip.view.value !== null}
        />
      </>
    ),
    heard: (callId, reply) => strip.heard(callId, reply),
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

export default defineUnlistedScript(() => {
  const part: UiPart = { start };
  registerPart('sidebar-ui', part);
});
