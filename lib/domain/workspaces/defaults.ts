/**
 * The reasons every new workspace starts with (DESIGN.md §3), in display order, with their labels
 * in the hosted flow's other languages (the merchant edits them in Settings → Hosted flow).
 */
export const DEFAULT_REASONS = [
  {
    key: "too_expensive",
    label: "It's too expensive",
    translations: {
      de: { label: "Es ist zu teuer" },
      fr: { label: "C’est trop cher" },
      es: { label: "Es demasiado caro" },
    },
  },
  {
    key: "missing_features",
    label: "It's missing features I need",
    translations: {
      de: { label: "Mir fehlen Funktionen, die ich brauche" },
      fr: { label: "Il manque des fonctionnalités dont j’ai besoin" },
      es: { label: "Faltan funciones que necesito" },
    },
  },
  {
    key: "not_using",
    label: "I'm not using it enough",
    translations: {
      de: { label: "Ich nutze es zu selten" },
      fr: { label: "Je ne l’utilise pas assez" },
      es: { label: "No lo uso lo suficiente" },
    },
  },
  {
    key: "switching_competitor",
    label: "I'm switching to another product",
    translations: {
      de: { label: "Ich wechsle zu einem anderen Produkt" },
      fr: { label: "Je passe à un autre produit" },
      es: { label: "Me cambio a otro producto" },
    },
  },
  {
    key: "technical_issues",
    label: "I ran into technical issues",
    translations: {
      de: { label: "Ich hatte technische Probleme" },
      fr: { label: "J’ai rencontré des problèmes techniques" },
      es: { label: "Tuve problemas técnicos" },
    },
  },
  {
    key: "temporary",
    label: "I only need a break",
    translations: {
      de: { label: "Ich brauche nur eine Pause" },
      fr: { label: "J’ai seulement besoin d’une pause" },
      es: { label: "Solo necesito un descanso" },
    },
  },
  {
    key: "other",
    label: "Something else",
    translations: {
      de: { label: "Etwas anderes" },
      fr: { label: "Autre chose" },
      es: { label: "Otro motivo" },
    },
  },
] as const;
