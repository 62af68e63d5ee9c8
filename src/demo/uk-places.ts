/**
 * Streets, towns and postcode districts for demo addresses. The towns and districts are real so the
 * data looks familiar; the streets, house numbers and inward codes are made up.
 */
export interface Town {
  name: string;
  district: string;
  /** Postcode outward codes in or near the town. */
  outwardCodes: string[];
}

export const TOWNS: Town[] = [
  { name: 'Leeds', district: 'West Yorkshire', outwardCodes: ['LS6', 'LS7', 'LS8', 'LS11', 'LS12'] },
  { name: 'Bradford', district: 'West Yorkshire', outwardCodes: ['BD3', 'BD5', 'BD7', 'BD9'] },
  { name: 'Wakefield', district: 'West Yorkshire', outwardCodes: ['WF1', 'WF2', 'WF4'] },
];

export const STREETS = [
  'Acacia Avenue',
  'Beech Grove',
  'Chapel Lane',
  'Church Street',
  'Elmfield Road',
  'Hawthorn Close',
  'Highfield Terrace',
  'Holly Bank',
  'Mill Lane',
  'Moor View',
  'Northgate',
  'Orchard Way',
  'Park Crescent',
  'Queens Road',
  'Rosemary Drive',
  'Station Road',
  'Victoria Street',
  'Westfield Avenue',
  'Willow Court',
  'Woodland Rise',
];

/** The letters Royal Mail uses in the unit part of a postcode (no C, I, K, M, O or V). */
export const POSTCODE_UNIT_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';
