<?php
/**
 * The Leads list's query planner: pages of leads and their totals, and the export's chunks.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Leads;

use SolarCapture\Repository;

defined( 'ABSPATH' ) || exit;

/**
 * Few statements, and no pass over the whole table for the common views (on SQLite each
 * statement also costs a MySQL-to-SQLite translation in PHP):
 * - the page comes from an index matching the sort (created_at, name, email, stage, source,
 *   next_booking_at; each ends in the primary key, so the `, id` tie-breaker is free) or, with
 *   a stage or source filter and the default sort, from (stage, created_at) or (source, created_at);
 * - COUNT(*) only runs when the page is full, or empty past the first page;
 * - a search is answered from its matches (search_page()).
 * The clauses come from Lead_Filters::from().
 */
class Lead_Query extends Repository {

	/**
	 * Columns the list may sort by.
	 */
	public const ORDERBY = array( 'created_at', 'name', 'email', 'stage', 'source', 'next_booking_at', 'id' );

	/**
	 * How many values of each attribution filter the Leads screen offers (alphabetically first).
	 */
	public const ATTRIBUTION_VALUES = 200;

	/**
	 * The columns the list needs (not the message, the normalised e-mail or the lead token).
	 */
	public const LIST_COLUMNS = array( 'id', 'email', 'name', 'phone', 'postcode', 'address', 'monthly_bill', 'roof_type', 'homeowner', 'source', 'stage', 'stage_changed_at', 'next_booking_at', 'created_at', 'updated_at' );

	/**
	 * A search matching at most this many leads is answered from one pass over its matches.
	 * Past it, the capped pass was wasted: about one row lookup per match, a few milliseconds,
	 * against a pass over a whole index (about 5 ms per 100,000 leads on SQLite) saved below it.
	 */
	public const SEARCH_CAP = 2000;

	/**
	 * A search matching more leads, but at most this many, is paged by sorting its matches;
	 * beyond, matches are dense enough to page through the sort's index.
	 */
	public const SEARCH_SORT_MAX = 5000;

	/**
	 * Rows per chunk of the export.
	 */
	public const CHUNK = 1000;

	/**
	 * One page of leads and the number of leads matching the filters.
	 *
	 * @param array  $filters  From Lead_Filters::from().
	 * @param string $orderby  One of ORDERBY (anything else: created_at).
	 * @param string $order    asc or desc.
	 * @param int    $per_page Page size (1 to 100).
	 * @param int    $page     Page number (from 1).
	 * @return array{rows:array[], total:int}|null Null on a database error.
	 */
	public function page( array $filters, string $orderby, string $order, int $per_page, int $page ): ?array {
		$orderby  = in_array( $orderby, self::ORDERBY, true ) ? $orderby : 'created_at';
		$order    = 'asc' === strtolower( $order ) ? 'ASC' : 'DESC';
		$per_page = max( 1, min( 100, $per_page ) );
		$offset   = ( max( 1, $page ) - 1 ) * $per_page;
		$sort     = 'id' === $orderby ? "id $order" : "$orderby $order, id $order";

		return $filters['search']
			? $this->search_page( $filters, $sort, $per_page, $offset )
			: $this->filtered_page( $filters, $sort, $per_page, $offset, 'created_at' === $orderby );
	}

	/**
	 * The values the attribution filters offer: each UTM source and campaign some lead has as its
	 * first or latest touch, in alphabetical order, at most ATTRIBUTION_VALUES each. Each column's
	 * own key gives its first distinct values in order (leads without one, '', are outside the
	 * range): no pass over the leads that have no attribution, and none past the values needed.
	 *
	 * @return array{utm_source:string[], utm_campaign:string[]}
	 */
	public function attribution_values(): array {
		$table  = $this->table( 'leads' );
		$values = array();
		foreach ( Lead_Filters::ATTRIBUTION as $param => $columns ) {
			$found = array();
			foreach ( $columns as $column ) {
				$rows  = $this->rows( "SELECT DISTINCT $column AS value FROM $table WHERE $column > '' ORDER BY $column LIMIT %d", array( static::ATTRIBUTION_VALUES ) );
				$found = array_merge( $found, array_map( 'strval', array_column( (array) $rows, 'value' ) ) );
			}
			$found = array_values( array_unique( $found ) );
			sort( $found, SORT_STRING | SORT_FLAG_CASE );
			$values[ $param ] = array_slice( $found, 0, static::ATTRIBUTION_VALUES );
		}
		return $values;
	}

	/**
	 * The next chunk of the export: every column of up to CHUNK leads matching the filters,
	 * in creation order (keyset paging by id: every chunk is an index range).
	 *
	 * @param array  $filters From Lead_Filters::from().
	 * @param string $order   ASC or DESC.
	 * @param int    $after   The last id of the previous chunk (0 for ASC or PHP_INT_MAX for DESC at first).
	 * @return array[]
	 */
	public function export_chunk( array $filters, string $order, int $after ): array {
		$order = 'ASC' === $order ? 'ASC' : 'DESC';
		$where = array_merge( $filters['where'], array( 'ASC' === $order ? 'id > %d' : 'id < %d' ) );
		$rows  = $this->rows(
			"SELECT * FROM {$this->table( 'leads' )} WHERE " . implode( ' AND ', $where ) . " ORDER BY id $order LIMIT %d",
			array_merge( $filters['args'], array( $after, static::CHUNK ) )
		);
		$this->db->flush();
		return (array) $rows;
	}

	/**
	 * One page of leads and their total, without a search.
	 *
	 * @param array  $filters    From Lead_Filters::from().
	 * @param string $sort       ORDER BY.
	 * @param int    $per_page   Page size.
	 * @param int    $offset     Rows before the page.
	 * @param bool   $by_created Whether the sort is by creation time.
	 * @return array{rows:array[], total:int}|null Null on a database error.
	 */
	private function filtered_page( array $filters, string $sort, int $per_page, int $offset, bool $by_created ): ?array {
		$table = $this->table( 'leads' );
		// No WHERE at all lets COUNT(*) use SQLite's quick count.
		$where = $filters['where'] ? ' WHERE ' . implode( ' AND ', $filters['where'] ) : '';

		$merged = $by_created ? $this->merged_page_sql( $filters, $sort, $offset + $per_page ) : null;
		if ( $merged ) {
			$rows = $this->rows( $merged['sql'] . ' LIMIT %d OFFSET %d', array_merge( $merged['args'], array( $per_page, $offset ) ) );
		} else {
			$rows = $this->rows( 'SELECT ' . implode( ', ', self::LIST_COLUMNS ) . " FROM $table$where ORDER BY $sort LIMIT %d OFFSET %d", array_merge( $filters['args'], array( $per_page, $offset ) ) );
		}
		if ( null === $rows ) {
			return null;
		}

		if ( count( $rows ) < $per_page && ( $rows || 0 === $offset ) ) {
			// A page that is not full is the last one: the total is known without counting.
			$total = $offset + count( $rows );
		} else {
			$total = $this->count( "SELECT COUNT(*) FROM $table$where", $filters['args'] );
		}
		return null === $total ? null : array(
			'rows'  => $rows,
			'total' => $total,
		);
	}

	/**
	 * One page of a search and its total.
	 *
	 * 1. The ids of the search's first SEARCH_CAP + 1 matches, in the list's order, each with a
	 *    flag saying whether it passes the other filters. Most searches match fewer: then this
	 *    pass over one narrow index gives the total, and the page is read by id.
	 * 2. A search matching more: count its matches, then take the page by sorting the matches
	 *    (up to SEARCH_SORT_MAX of them) or from the sort's index (where they are then dense).
	 *
	 * @param array  $filters  From Lead_Filters::from().
	 * @param string $sort     ORDER BY.
	 * @param int    $per_page Page size.
	 * @param int    $offset   Rows before the page.
	 * @return array{rows:array[], total:int}|null Null on a database error.
	 */
	private function search_page( array $filters, string $sort, int $per_page, int $offset ): ?array {
		$table   = $this->table( 'leads' );
		$columns = implode( ', ', self::LIST_COLUMNS );
		$l_sort  = self::qualified( 'l', explode( ', ', $sort ) );
		$matches = $this->search_matches_sql( $filters['search'] );
		// The filters name the leads' columns unqualified (`id` too, awaiting_payment's): m's only
		// column is renamed so that every name is l's.
		$in_filters = $filters['filter_where'] ? '(' . implode( ' AND ', $filters['filter_where'] ) . ')' : '1';

		$found = $this->rows(
			"SELECT l.id, $in_filters AS in_filters FROM ( SELECT s.id AS match_id FROM ( {$matches['sql']} LIMIT %d ) AS s ) AS m INNER JOIN $table AS l ON l.id = m.match_id ORDER BY $l_sort",
			array_merge( $filters['filter_args'], $matches['args'], array( static::SEARCH_CAP + 1 ) )
		);
		if ( null === $found ) {
			return null;
		}

		if ( count( $found ) <= static::SEARCH_CAP ) {
			// Every match is here (the branches are disjoint: no lead came twice).
			$ids = array();
			foreach ( $found as $match ) {
				if ( (int) $match['in_filters'] ) {
					$ids[] = (int) $match['id'];
				}
			}
			$total = count( $ids );
			$ids   = array_slice( $ids, $offset, $per_page );
			$rows  = $ids ? $this->rows( "SELECT $columns FROM $table WHERE id IN (" . self::placeholders( count( $ids ) ) . ") ORDER BY $sort", $ids ) : array();
		} else {
			$matches = $this->search_matches_sql( $filters['search'], $filters['filter_where'], $filters['filter_args'] );
			$total   = $this->count( "SELECT COUNT(*) FROM ( {$matches['sql']} ) AS m", $matches['args'] );
			if ( null === $total ) {
				return null;
			}
			if ( 0 === $total || $offset >= $total ) {
				$rows = array();
			} elseif ( $total <= static::SEARCH_SORT_MAX ) {
				$rows = $this->rows(
					'SELECT ' . self::qualified( 'l', self::LIST_COLUMNS ) . " FROM ( {$matches['sql']} ) AS m INNER JOIN $table AS l ON l.id = m.id ORDER BY $l_sort LIMIT %d OFFSET %d",
					array_merge( $matches['args'], array( $per_page, $offset ) )
				);
			} else {
				$where = ' WHERE ' . implode( ' AND ', $filters['where'] );
				$rows  = $this->rows( "SELECT $columns FROM $table$where ORDER BY $sort LIMIT %d OFFSET %d", array_merge( $filters['args'], array( $per_page, $offset ) ) );
			}
		}
		return null === $rows ? null : array(
			'rows'  => $rows,
			'total' => $total,
		);
	}

	/**
	 * Several stages (or sources) sorted by creation: SQLite cannot walk (stage, created_at) for
	 * `stage IN (…)` in order, so it would sort every lead in those stages. Instead, each stage's
	 * first $depth ids come from its own walk of the index and only those are sorted together:
	 * never more rows than the plain query sorts, far fewer for the first pages.
	 *
	 * @param array  $filters From Lead_Filters::from().
	 * @param string $sort    ORDER BY (created_at and id).
	 * @param int    $depth   Offset plus page size.
	 * @return array{sql:string, args:array}|null Null when the plain query is as good.
	 */
	private function merged_page_sql( array $filters, string $sort, int $depth ): ?array {
		$stages  = $filters['values']['stage'];
		$sources = $filters['values']['source'];
		$column  = count( $stages ) > 1 ? 'stage' : ( ! $stages && count( $sources ) > 1 ? 'source' : null );
		if ( null === $column ) {
			return null;
		}
		$table  = $this->table( 'leads' );
		$others = $filters['parts'];
		unset( $others[ $column ] );
		$rest      = $others ? ' AND ' . implode( ' AND ', array_column( $others, 0 ) ) : '';
		$rest_args = $others ? array_merge( ...array_column( $others, 1 ) ) : array();

		$branches = array();
		$args     = array();
		foreach ( $filters['values'][ $column ] as $i => $value ) {
			$branches[] = "SELECT id FROM ( SELECT id FROM $table WHERE $column = %s$rest ORDER BY $sort LIMIT %d ) AS b$i";
			$args       = array_merge( $args, array( $value ), $rest_args, array( $depth ) );
		}
		return array(
			'sql'  => 'SELECT ' . self::qualified( 'l', self::LIST_COLUMNS ) . ' FROM ( ' . implode( ' UNION ALL ', $branches ) . " ) AS m INNER JOIN $table AS l ON l.id = m.id ORDER BY " . self::qualified( 'l', explode( ', ', $sort ) ),
			'args' => $args,
		);
	}

	/**
	 * The ids of the leads a search matches, as one SELECT per searched field joined by UNION
	 * ALL, each branch excluding what an earlier one matched: every lead comes out once, so
	 * COUNT(*) over it is the number of matches, and each branch can use its own index (a scan
	 * of the narrow name/e-mail/phone index for "anywhere", a range for "from the start")
	 * instead of testing every field of every row.
	 *
	 * @param array $fields From Lead_Filters::search_fields().
	 * @param array $where  Other filter clauses, added to each branch.
	 * @param array $values Their values.
	 * @return array{sql:string, args:array}
	 */
	private function search_matches_sql( array $fields, array $where = array(), array $values = array() ): array {
		$table    = $this->table( 'leads' );
		$branches = array();
		$args     = array();
		$earlier  = array();
		$rest     = $where ? ' AND ' . implode( ' AND ', $where ) : '';
		foreach ( $fields as $field ) {
			$sql    = "SELECT id FROM $table WHERE {$field['column']} LIKE %s";
			$args[] = $field['pattern'];
			foreach ( $earlier as $previous ) {
				$sql   .= " AND {$previous['column']} NOT LIKE %s";
				$args[] = $previous['pattern'];
			}
			$branches[] = $sql . $rest;
			$args       = array_merge( $args, $values );
			$earlier[]  = $field;
		}
		return array(
			'sql'  => implode( ' UNION ALL ', $branches ),
			'args' => $args,
		);
	}

	/**
	 * `a.x, a.y` from `x, y` (and `a.x DESC` from `x DESC`).
	 *
	 * @param string   $alias Table alias.
	 * @param string[] $items Columns, each optionally followed by a direction.
	 * @return string
	 */
	private static function qualified( string $alias, array $items ): string {
		$qualified = array();
		foreach ( $items as $item ) {
			$qualified[] = $alias . '.' . trim( $item );
		}
		return implode( ', ', $qualified );
	}
}
