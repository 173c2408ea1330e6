import { useEffect, useState } from 'preact/hooks';
import { HISTORY_ID_WAIT_MS, seenCallsStore, type SeenCall } from '@/lib/calllog/outbox';
import { buildDiagnosticsReport, testCallChecklist, type StoredReaderDiagnostics, type TestStep } from '@/lib/dialpad/diagnostics-report';
import { t, type MessageKey } from '@/lib/i18n';
import { readerDiagnosticsItem } from '@/lib/storage/items';

const STEP_LABELS: Record<TestStep, MessageKey> = {
  ringing: 'testCallStepRinging',
  connected: 'testCallStepConnected',
  'on-hold': 'testCallStepHold',
  ended: 'testCallStepEnded',
  id: 'testCallStepId',
};

/**
 * "Dialpad diagnostics" (B3, #15): the redacted report to copy or download for the admin, and a
 * guided test call that shows live which phases the sidebar saw.
 */
export function DialpadDiagnostics() {
  const [reader, setReader] = useState(null as StoredReaderDiagnostics | null);
  const [seen, setSeen] = useState({} as Record<string, SeenCall>);
  const [testSince, setTestSince] = useState(null as number | null);
  const [now, setNow] = useState(Date.now());
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    void readerDiagnosticsItem.getValue().then((value) => setReader(value as StoredReaderDiagnostics | null));
    void seenCallsStore.get().then(setSeen);
    const stopReader = readerDiagnosticsItem.watch((value) => setReader(value as StoredReaderDiagnostics | null));
    const stopSeen = seenCallsStore.watch(setSeen);
    return () => {
      stopReader();
      stopSeen();
    };
  }, []);
  // The id is awaited for a bounded time: the checklist turns ✗ when it has passed.
  useEffect(() => {
    if (testSince === null) return;
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, [testSince]);

  const report = () => buildDiagnosticsReport({ reader, seen, extensionVersion: browser.runtime.getManifest().version, now: Date.now(), waitMs: HISTORY_ID_WAIT_MS });
  const json = () => JSON.stringify(report(), null, 2);
  async function copy() {
    await navigator.clipboard.writeText(json());
    setCopied(true);
  }
  function download() {
    const url = URL.createObjectURL(new Blob([json()], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `dialpad-diagnostics-${new Date().toISOString().slice(0, 10)}.json`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  const checklist = testSince === null ? null : testCallChecklist(reader, seen, testSince, Math.max(now, Date.now()), HISTORY_ID_WAIT_MS);
  const failed = checklist?.steps.some((s) => s.status === 'missing') ?? false;
  return (
    <section id="diagnostics" aria-labelledby="diagnostics-heading" data-testid="diagnostics">
      <h2 id="diagnostics-heading">{t('diagnosticsHeading')}</h2>
      <p>{t('diagnosticsHelp')}</p>
      <p>
        <button type="button" data-testid="diagnostics-copy" onClick={() => void copy()}>
          {t('diagnosticsCopy')}
        </button>{' '}
        <button type="button" data-testid="diagnostics-download" onClick={download}>
          {t('diagnosticsDownload')}
        </button>
        {copied ? <span role="status"> {t('diagnosticsCopied')}</span> : null}
      </p>
      <details>
        <summary>{t('diagnosticsShow')}</summary>
        <pre data-testid="diagnostics-json">{reader ? json() : t('diagnosticsNone')}</pre>
      </details>

      <h3 id="test-call-heading">{t('testCallHeading')}</h3>
      <p>{t('testCallHelp')}</p>
      <p>
        <button type="button" data-testid="test-call-start" onClick={() => setTestSince(Date.now())}>
          {testSince === null ? t('testCallStart') : t('testCallRestart')}
        </button>
      </p>
      {checklist ? (
        <div data-testid="test-call" data-found={String(checklist.found)} aria-live="polite">
          {checklist.found ? null : <p>{t('testCallWaiting')}</p>}
          <ul class="sfsd-checklist">
            {checklist.steps.map(({ step, status }) => (
              <li key={step} data-step={step} data-status={status}>
                <span aria-hidden="true">{status === 'ok' ? '✓' : status === 'missing' ? '✗' : '…'}</span> {t(STEP_LABELS[step])}{' '}
                <span class="sfsd-visually-hidden">{t(status === 'ok' ? 'testCallOk' : status === 'missing' ? 'testCallMissing' : 'testCallPending')}</span>
              </li>
            ))}
          </ul>
          {failed ? (
            <p role="alert" data-testid="test-call-advice">
              {t('testCallAdvice')}
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
