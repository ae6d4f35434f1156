import { EMAIL_LOCALES, type EmailLocale, type NotificationKind } from '../common/notification-contract';

/**
 * Every word the notification emails and the unsubscribe page say, per language (EMAIL_LOCALES:
 * English, German, French, Spanish); a language is added as one more entry of the same shape.
 * `{name}` marks a value put in.
 */
export interface EmailStrings {
  subject: Record<NotificationKind, string>;
  digestSubject: string;
  line: Record<NotificationKind, string>;
  someArticle: string;
  reason: string;
  open: string;
  intro: string;
  digestIntro: string;
  footer: string;
  unsubscribe: string;
  unsubscribeTitle: string;
  unsubscribeAsk: string;
  unsubscribeButton: string;
  unsubscribedTitle: string;
  unsubscribedText: string;
  /** The staff digest of a site's queues. */
  staff: {
    subject: string;
    intro: string;
    pending: string;
    reported: string;
    held: Record<'hourly' | 'daily', string>;
    oldestPending: string;
    oldestReported: string;
    open: string;
    footer: Record<'hourly' | 'daily', string>;
    /** The unsubscribe page a digest's link opens (its title and button are the readers'). */
    unsubscribeAsk: string;
    unsubscribedText: string;
  };
}

export const STRINGS: Record<EmailLocale, EmailStrings> = {
  en: {
    subject: {
      reply: '{actor} replied to your comment',
      approved: 'Your comment is published',
      rejected: 'Your comment was not published',
      featured: 'Your comment was featured',
      mention: '{actor} mentioned you in a comment',
      warning: 'A moderator has warned you',
    },
    digestSubject: '{count} updates on your comments at {site}',
    line: {
      reply: '{actor} replied to your comment on {article}:',
      approved: 'Your comment on {article} was approved and is published now:',
      rejected: 'Your comment on {article} was not published:',
      featured: 'Your comment on {article} was featured by the editors:',
      mention: '{actor} mentioned you in a comment on {article}:',
      warning: 'A moderator ({actor}) has warned you. Read and acknowledge the warning under the comments before you post again:',
    },
    someArticle: 'an article',
    reason: "The moderator's reason: {reason}",
    open: 'Open the comment',
    intro: 'Hello {name},',
    digestIntro: 'Hello {name}, here is what happened to your comments at {site}:',
    footer: 'You get these emails because you asked {site} to tell you about replies and decisions on your comments.',
    unsubscribe: 'Stop these emails',
    unsubscribeTitle: 'Stop emails from {site}?',
    unsubscribeAsk: 'You will no longer get emails about replies and decisions on your comments at {site}. You can turn them on again next to the comments.',
    unsubscribeButton: 'Stop these emails',
    unsubscribedTitle: 'Done',
    unsubscribedText: 'You will get no more emails about your comments from {site}.',
    staff: {
      subject: 'Moderation at {site}: {pending} pending, {reported} reported',
      intro: 'Hello {name}, here are the moderation queues at {site}:',
      pending: 'Pending: {count}',
      reported: 'Reported: {count}',
      held: { hourly: 'Held in the last hour: {count}', daily: 'Held in the last day: {count}' },
      oldestPending: 'Waiting longest for a decision, since {time}: {author} on {article}',
      oldestReported: 'Reported and waiting longest, posted {time}: {author} on {article}',
      open: 'Open the moderation dashboard',
      footer: {
        hourly: 'You get this hourly digest because you asked for it in the moderation dashboard of {site}; turn it off there under Account.',
        daily: 'You get this daily digest because you asked for it in the moderation dashboard of {site}; turn it off there under Account.',
      },
      unsubscribeAsk: 'You will no longer get the digest of the moderation queues of {site}. You can ask for it again in the dashboard under Account.',
      unsubscribedText: 'You will get no more digests of the moderation queues from {site}.',
    },
  },
  de: {
    subject: {
      reply: '{actor} hat auf Ihren Kommentar geantwortet',
      approved: 'Ihr Kommentar ist veröffentlicht',
      rejected: 'Ihr Kommentar wurde nicht veröffentlicht',
      featured: 'Ihr Kommentar wurde hervorgehoben',
      mention: '{actor} hat Sie in einem Kommentar erwähnt',
      warning: 'Eine Verwarnung der Moderation',
    },
    digestSubject: '{count} Neuigkeiten zu Ihren Kommentaren bei {site}',
    line: {
      reply: '{actor} hat auf Ihren Kommentar zu {article} geantwortet:',
      approved: 'Ihr Kommentar zu {article} wurde freigegeben und ist jetzt veröffentlicht:',
      rejected: 'Ihr Kommentar zu {article} wurde nicht veröffentlicht:',
      featured: 'Ihr Kommentar zu {article} wurde von der Redaktion hervorgehoben:',
      mention: '{actor} hat Sie in einem Kommentar zu {article} erwähnt:',
      warning: 'Die Moderation ({actor}) hat Sie verwarnt. Lesen und bestätigen Sie die Verwarnung bei den Kommentaren, bevor Sie wieder schreiben:',
    },
    someArticle: 'einem Artikel',
    reason: 'Begründung der Moderation: {reason}',
    open: 'Kommentar öffnen',
    intro: 'Hallo {name},',
    digestIntro: 'Hallo {name}, das ist mit Ihren Kommentaren bei {site} passiert:',
    footer: 'Sie erhalten diese E-Mails, weil Sie {site} gebeten haben, Sie über Antworten und Entscheidungen zu Ihren Kommentaren zu informieren.',
    unsubscribe: 'Diese E-Mails abbestellen',
    unsubscribeTitle: 'E-Mails von {site} abbestellen?',
    unsubscribeAsk:
      'Sie erhalten dann keine E-Mails mehr über Antworten und Entscheidungen zu Ihren Kommentaren bei {site}. Sie können sie neben den Kommentaren wieder einschalten.',
    unsubscribeButton: 'Diese E-Mails abbestellen',
    unsubscribedTitle: 'Erledigt',
    unsubscribedText: 'Sie erhalten von {site} keine E-Mails mehr über Ihre Kommentare.',
    staff: {
      subject: 'Moderation bei {site}: {pending} wartend, {reported} gemeldet',
      intro: 'Hallo {name}, so stehen die Moderationswarteschlangen bei {site}:',
      pending: 'Wartend: {count}',
      reported: 'Gemeldet: {count}',
      held: { hourly: 'In der letzten Stunde zurückgehalten: {count}', daily: 'Am letzten Tag zurückgehalten: {count}' },
      oldestPending: 'Wartet am längsten auf eine Entscheidung, seit {time}: {author} zu {article}',
      oldestReported: 'Gemeldet und am längsten wartend, geschrieben {time}: {author} zu {article}',
      open: 'Moderations-Dashboard öffnen',
      footer: {
        hourly: 'Sie erhalten diese stündliche Übersicht, weil Sie sie im Moderations-Dashboard von {site} bestellt haben; dort unter „Konto“ abbestellen.',
        daily: 'Sie erhalten diese tägliche Übersicht, weil Sie sie im Moderations-Dashboard von {site} bestellt haben; dort unter „Konto“ abbestellen.',
      },
      unsubscribeAsk:
        'Sie erhalten keine Übersicht der Moderations-Warteschlangen von {site} mehr. Im Dashboard unter „Konto“ können Sie sie wieder bestellen.',
      unsubscribedText: 'Sie erhalten von {site} keine Übersichten der Moderations-Warteschlangen mehr.',
    },
  },
  fr: {
    subject: {
      reply: '{actor} a répondu à votre commentaire',
      approved: 'Votre commentaire est publié',
      rejected: 'Votre commentaire n’a pas été publié',
      featured: 'Votre commentaire a été mis en avant',
      mention: '{actor} vous a mentionné dans un commentaire',
      warning: 'Un modérateur vous a adressé un avertissement',
    },
    digestSubject: '{count} nouvelles de vos commentaires sur {site}',
    line: {
      reply: '{actor} a répondu à votre commentaire sur {article} :',
      approved: 'Votre commentaire sur {article} a été approuvé et il est publié :',
      rejected: 'Votre commentaire sur {article} n’a pas été publié :',
      featured: 'Votre commentaire sur {article} a été mis en avant par la rédaction :',
      mention: '{actor} vous a mentionné dans un commentaire sur {article} :',
      warning: 'Un modérateur ({actor}) vous a adressé un avertissement. Lisez-le et confirmez-le sous les commentaires avant de publier à nouveau :',
    },
    someArticle: 'un article',
    reason: 'Motif de la modération : {reason}',
    open: 'Ouvrir le commentaire',
    intro: 'Bonjour {name},',
    digestIntro: 'Bonjour {name}, voici ce qui est arrivé à vos commentaires sur {site} :',
    footer: 'Vous recevez ces e-mails parce que vous avez demandé à {site} de vous informer des réponses et des décisions sur vos commentaires.',
    unsubscribe: 'Ne plus recevoir ces e-mails',
    unsubscribeTitle: 'Ne plus recevoir d’e-mails de {site} ?',
    unsubscribeAsk:
      'Vous ne recevrez plus d’e-mails sur les réponses et les décisions concernant vos commentaires sur {site}. Vous pourrez les réactiver à côté des commentaires.',
    unsubscribeButton: 'Ne plus recevoir ces e-mails',
    unsubscribedTitle: 'C’est fait',
    unsubscribedText: 'Vous ne recevrez plus d’e-mails de {site} sur vos commentaires.',
    staff: {
      subject: 'Modération sur {site} : {pending} en attente, {reported} signalés',
      intro: 'Bonjour {name}, voici les files de modération de {site} :',
      pending: 'En attente : {count}',
      reported: 'Signalés : {count}',
      held: { hourly: 'Retenus pendant la dernière heure : {count}', daily: 'Retenus pendant le dernier jour : {count}' },
      oldestPending: 'En attente de décision depuis le plus longtemps, depuis {time} : {author} sur {article}',
      oldestReported: 'Signalé et en attente depuis le plus longtemps, écrit {time} : {author} sur {article}',
      open: 'Ouvrir le tableau de modération',
      footer: {
        hourly: 'Vous recevez ce récapitulatif horaire parce que vous l’avez demandé dans le tableau de modération de {site} ; désactivez-le sous « Compte ».',
        daily: 'Vous recevez ce récapitulatif quotidien parce que vous l’avez demandé dans le tableau de modération de {site} ; désactivez-le sous « Compte ».',
      },
      unsubscribeAsk:
        'Vous ne recevrez plus le récapitulatif des files de modération de {site}. Vous pourrez le redemander dans le tableau de modération, sous « Compte ».',
      unsubscribedText: 'Vous ne recevrez plus de récapitulatifs des files de modération de {site}.',
    },
  },
  es: {
    subject: {
      reply: '{actor} respondió a tu comentario',
      approved: 'Tu comentario está publicado',
      rejected: 'Tu comentario no se publicó',
      featured: 'Tu comentario fue destacado',
      mention: '{actor} te mencionó en un comentario',
      warning: 'Un moderador te ha advertido',
    },
    digestSubject: '{count} novedades sobre tus comentarios en {site}',
    line: {
      reply: '{actor} respondió a tu comentario en {article}:',
      approved: 'Tu comentario en {article} fue aprobado y ya está publicado:',
      rejected: 'Tu comentario en {article} no se publicó:',
      featured: 'La redacción destacó tu comentario en {article}:',
      mention: '{actor} te mencionó en un comentario en {article}:',
      warning: 'Un moderador ({actor}) te ha advertido. Lee y confirma la advertencia en los comentarios antes de volver a publicar:',
    },
    someArticle: 'un artículo',
    reason: 'Motivo de la moderación: {reason}',
    open: 'Abrir el comentario',
    intro: 'Hola, {name}:',
    digestIntro: 'Hola, {name}: esto es lo que pasó con tus comentarios en {site}:',
    footer: 'Recibes estos correos porque pediste a {site} que te avisara de respuestas y decisiones sobre tus comentarios.',
    unsubscribe: 'Dejar de recibir estos correos',
    unsubscribeTitle: '¿Dejar de recibir correos de {site}?',
    unsubscribeAsk:
      'Ya no recibirás correos sobre respuestas y decisiones relativas a tus comentarios en {site}. Puedes volver a activarlos junto a los comentarios.',
    unsubscribeButton: 'Dejar de recibir estos correos',
    unsubscribedTitle: 'Hecho',
    unsubscribedText: 'Ya no recibirás correos de {site} sobre tus comentarios.',
    staff: {
      subject: 'Moderación en {site}: {pending} pendientes, {reported} denunciados',
      intro: 'Hola, {name}: así están las colas de moderación de {site}:',
      pending: 'Pendientes: {count}',
      reported: 'Denunciados: {count}',
      held: { hourly: 'Retenidos en la última hora: {count}', daily: 'Retenidos en el último día: {count}' },
      oldestPending: 'El que más espera una decisión, desde {time}: {author} en {article}',
      oldestReported: 'Denunciado y el que más espera, escrito {time}: {author} en {article}',
      open: 'Abrir el panel de moderación',
      footer: {
        hourly: 'Recibes este resumen cada hora porque lo pediste en el panel de moderación de {site}; desactívalo allí, en «Cuenta».',
        daily: 'Recibes este resumen diario porque lo pediste en el panel de moderación de {site}; desactívalo allí, en «Cuenta».',
      },
      unsubscribeAsk: 'Ya no recibirás el resumen de las colas de moderación de {site}. Puedes volver a pedirlo en el panel, en «Cuenta».',
      unsubscribedText: 'No recibirás más resúmenes de las colas de moderación de {site}.',
    },
  },
};

export const DEFAULT_LOCALE: EmailLocale = 'en';

/** The language of ours a tag asks for (`de-AT` is `de`), or null when we do not write it. */
export function emailLocale(tag: string | null | undefined): EmailLocale | null {
  const base = tag?.toLowerCase().split('-')[0];
  return base && (EMAIL_LOCALES as readonly string[]).includes(base) ? (base as EmailLocale) : null;
}

/** The strings of a language, or English. */
export function stringsFor(locale: string | null | undefined): EmailStrings {
  return STRINGS[emailLocale(locale) ?? DEFAULT_LOCALE];
}

/** Puts the values into a string's `{name}` marks (a mark with no value stays as written). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}
