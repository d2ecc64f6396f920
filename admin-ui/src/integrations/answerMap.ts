/**
 * The answer map of a provider card, as rows the owner edits: which booking
 * question fills which lead field. The fields and the defaults by label come
 * from plugin/lead-fields.json (`answer_map`), the file the sidecar reads, so
 * the card shows exactly what the sidecar would do. Pure, unit-tested.
 */
import leadFieldsFile from '../../../plugin/lead-fields.json';

export interface AnswerRow {
	/** Stable React key. */
	id: number;
	question: string;
	/** A lead field, or '' for "do not use this answer". */
	field: string;
}

export interface DefaultRule {
	field: string;
	pattern: RegExp;
	examples: string[];
}

interface ContractFile {
	answer_map?: {
		fields?: unknown;
		defaults?: unknown;
	};
}

const contract = ( leadFieldsFile as ContractFile ).answer_map ?? {};

/** The lead fields an answer may fill, in the contract's order. */
export const ANSWER_FIELDS: string[] = Array.isArray( contract.fields )
	? contract.fields.filter(
			( field ): field is string => typeof field === 'string'
		)
	: [];

/** The defaults by label, in the order the sidecar tries them. */
export const DEFAULT_RULES: DefaultRule[] = (
	Array.isArray( contract.defaults ) ? contract.defaults : []
).flatMap( ( raw: unknown ) => {
	const rule = ( raw ?? {} ) as Record< string, unknown >;
	if (
		typeof rule.field !== 'string' ||
		typeof rule.pattern !== 'string' ||
		! ANSWER_FIELDS.includes( rule.field )
	) {
		return [];
	}
	try {
		return [
			{
				field: rule.field,
				pattern: new RegExp( rule.pattern, 'i' ),
				examples: Array.isArray( rule.examples )
					? rule.examples.filter(
							( e ): e is string => typeof e === 'string'
						)
					: [],
			},
		];
	} catch {
		return [];
	}
} );

/** The same bounds as the REST route (Integrations\Answer_Map). */
export const MAX_ROWS = 50;
export const MAX_QUESTION = 255;

/**
 * The field the sidecar fills from a question nobody mapped, by its label;
 * null when none (an e-mail question never fills the address).
 * @param question The question's label.
 */
export function defaultFieldFor( question: string ): string | null {
	const label = question.trim();
	if ( ! label ) {
		return null;
	}
	for ( const rule of DEFAULT_RULES ) {
		if ( rule.field === 'address' && /e-?mail/i.test( label ) ) {
			continue;
		}
		if ( rule.pattern.test( label ) ) {
			return rule.field;
		}
	}
	return null;
}

let nextId = 1;

/**
 * One editable row.
 * @param question The question.
 * @param field    The field.
 */
export function newRow( question = '', field = '' ): AnswerRow {
	return { id: nextId++, question, field };
}

/**
 * The stored map as rows, in its order.
 * @param map The card's answer_map.
 */
export function rowsFromMap( map: Record< string, string > ): AnswerRow[] {
	return Object.entries( map ).map( ( [ question, field ] ) =>
		newRow( question, field )
	);
}

const tidy = ( question: string ) => question.replace( /\s+/g, ' ' ).trim();

export type RowProblem = 'duplicate' | 'too-long' | 'no-field';

/**
 * What is wrong with each row, by row id (blank rows are fine: saving drops them).
 * @param rows The rows.
 */
export function rowProblems( rows: AnswerRow[] ): Map< number, RowProblem > {
	const problems = new Map< number, RowProblem >();
	const seen = new Set< string >();
	for ( const row of rows ) {
		const question = tidy( row.question );
		if ( ! question ) {
			continue;
		}
		const key = question.toLowerCase();
		if ( question.length > MAX_QUESTION ) {
			problems.set( row.id, 'too-long' );
		} else if ( seen.has( key ) ) {
			problems.set( row.id, 'duplicate' );
		} else if (
			row.field !== '' &&
			! ANSWER_FIELDS.includes( row.field )
		) {
			problems.set( row.id, 'no-field' );
		}
		seen.add( key );
	}
	return problems;
}

/**
 * The rows as the map to save: questions single-spaced, blank ones left out.
 * @param rows The rows.
 */
export function mapFromRows( rows: AnswerRow[] ): Record< string, string > {
	const map: Record< string, string > = {};
	for ( const row of rows ) {
		const question = tidy( row.question );
		if ( question ) {
			map[ question ] = row.field;
		}
	}
	return map;
}

/**
 * Whether the rows say something else than the stored map.
 * @param rows The rows.
 * @param map  The stored map.
 */
export function isChanged(
	rows: AnswerRow[],
	map: Record< string, string >
): boolean {
	return (
		JSON.stringify( Object.entries( mapFromRows( rows ) ) ) !==
		JSON.stringify( Object.entries( map ) )
	);
}
