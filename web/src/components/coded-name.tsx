import { conceptText } from '../clinical/concept-text.js';
import { plainNameId } from '../clinical/plain-names.js';
import type { CodeableConcept } from '../fhir/resources.js';
import { useI18n } from '../i18n/i18n-context.js';

/** The everyday name of a coded entry (translated) and the term as recorded (English), if they differ. */
export function useCodedName(concept: CodeableConcept | undefined): {
  name: string;
  recordedAs?: string;
  nameLang?: string;
} {
  const { t, language } = useI18n();
  const recorded = conceptText(concept);
  const plainId = plainNameId(concept);
  if (plainId) {
    const name = t(plainId);
    return { name, recordedAs: recorded && recorded !== name ? recorded : undefined };
  }
  if (recorded) return { name: recorded, nameLang: language.code === 'en' ? undefined : 'en' };
  return { name: t('record.unnamedEntry') };
}

/** A coded entry's name as text, marked as English where the page is in another language. */
export function CodedName({ concept }: { concept: CodeableConcept | undefined }) {
  const { name, nameLang } = useCodedName(concept);
  return <span lang={nameLang}>{name}</span>;
}

/**
 * "Recorded as: Hypertension", shown under a plain name when the clinical term differs, or always
 * when the heading is not the entry's own name (an appointment's heading says what kind it was).
 */
export function RecordedAs({
  concept,
  always = false,
}: {
  concept: CodeableConcept | undefined;
  always?: boolean;
}) {
  const { t } = useI18n();
  const coded = useCodedName(concept);
  const recordedAs = always ? conceptText(concept) : coded.recordedAs;
  if (!recordedAs) return null;
  return (
    <p className="nhsuk-body-s app-recorded-as">
      {t('record.recordedAs')} <span lang="en">{recordedAs}</span>
    </p>
  );
}
