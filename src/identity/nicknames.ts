/**
 * Common English diminutives and the formal names they stand for. A nickname can belong to several
 * formal names (Sam: Samuel, Samantha), so the comparison asks whether two names share a formal form
 * rather than mapping each to one canonical spelling. Deliberately small: every entry is a pair a
 * registration clerk would accept as the same person, and a long list would start joining different
 * people (Jo, Chris, Alex…) — those ambiguous short forms are still listed, but only under the formal
 * names they are short for.
 */
const FORMAL_NAMES: Readonly<Record<string, readonly string[]>> = {
  abigail: ['abbie', 'abby', 'gail'],
  albert: ['al', 'bert', 'bertie'],
  alexander: ['alex', 'alec', 'sandy', 'xander'],
  alexandra: ['alex', 'lexi', 'sandra', 'sandy'],
  alfred: ['alf', 'alfie', 'fred', 'freddie'],
  andrew: ['andy', 'drew'],
  anthony: ['tony', 'ant'],
  barbara: ['babs', 'barb'],
  benjamin: ['ben', 'benny', 'benji'],
  catherine: ['cath', 'cathy', 'kate', 'katie', 'kitty', 'cat'],
  katherine: ['kath', 'kathy', 'kate', 'katie', 'kitty', 'kay'],
  charles: ['charlie', 'chas', 'chuck'],
  charlotte: ['charlie', 'lottie', 'lotte'],
  christopher: ['chris', 'kit', 'topher'],
  christine: ['chris', 'chrissie', 'tina'],
  daniel: ['dan', 'danny'],
  david: ['dave', 'davy'],
  deborah: ['debbie', 'debs', 'deb'],
  dorothy: ['dot', 'dotty', 'dolly'],
  edward: ['ed', 'eddie', 'ned', 'ted', 'teddy'],
  edwin: ['ed', 'eddie'],
  eleanor: ['ellie', 'nell', 'nora'],
  elizabeth: ['liz', 'lizzie', 'beth', 'betty', 'bess', 'bessie', 'eliza', 'libby', 'elsie'],
  frances: ['fran', 'fanny', 'frankie'],
  francis: ['frank', 'frankie'],
  frederick: ['fred', 'freddie', 'freddy'],
  gregory: ['greg'],
  harold: ['harry', 'hal'],
  henry: ['harry', 'hal', 'hank'],
  jacqueline: ['jackie', 'jacqui'],
  james: ['jim', 'jimmy', 'jamie'],
  jennifer: ['jen', 'jenny', 'jenni'],
  john: ['jack', 'johnny', 'jon'],
  jonathan: ['jon', 'jonny'],
  joseph: ['joe', 'joey'],
  josephine: ['jo', 'josie'],
  joanne: ['jo'],
  kenneth: ['ken', 'kenny'],
  lawrence: ['larry', 'laurie'],
  leonard: ['len', 'lenny', 'leo'],
  margaret: ['maggie', 'meg', 'peggy', 'madge', 'marge', 'margie', 'greta'],
  mary: ['molly', 'polly', 'mae'],
  matthew: ['matt', 'matty'],
  michael: ['mike', 'mick', 'mickey', 'mikey'],
  nicholas: ['nick', 'nicky'],
  patricia: ['pat', 'patty', 'trish', 'tricia'],
  patrick: ['pat', 'paddy'],
  peter: ['pete'],
  philip: ['phil', 'pip'],
  rebecca: ['becky', 'becca', 'bex'],
  richard: ['dick', 'rick', 'ricky', 'rich', 'richie'],
  robert: ['bob', 'bobby', 'rob', 'robbie', 'bert'],
  ronald: ['ron', 'ronnie'],
  samuel: ['sam', 'sammy'],
  samantha: ['sam', 'sammy'],
  sarah: ['sally', 'sadie'],
  stephen: ['steve', 'stevie'],
  steven: ['steve', 'stevie'],
  susan: ['sue', 'susie', 'suzy'],
  theodore: ['theo', 'ted', 'teddy'],
  thomas: ['tom', 'tommy'],
  timothy: ['tim', 'timmy'],
  victoria: ['vicky', 'vicki', 'tori'],
  walter: ['walt', 'wally'],
  william: ['bill', 'billy', 'will', 'willie', 'willy', 'liam'],
};

/** nickname → the formal names it may stand for; built once from the table above. */
const NICKNAME_INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const index = new Map<string, string[]>();
  for (const [formal, nicknames] of Object.entries(FORMAL_NAMES)) {
    for (const nickname of nicknames) {
      const list = index.get(nickname);
      if (list === undefined) index.set(nickname, [formal]);
      else list.push(formal);
    }
  }
  return index;
})();

/** The name itself plus every formal name it is a known diminutive of (folded, lower-case input). */
export function formalNamesOf(name: string): readonly string[] {
  const formal = NICKNAME_INDEX.get(name);
  return formal === undefined ? [name] : [name, ...formal];
}

/** True when the two (different) names are a nickname and its formal name, or two nicknames of one. */
export function areNicknameVariants(a: string, b: string): boolean {
  if (a === b) return false;
  const formalA = formalNamesOf(a);
  return formalNamesOf(b).some((f) => formalA.includes(f));
}
