<?php
/**
 * /solar-capture/v1/leads/bulk: one stage for many leads, or many leads deleted.
 *
 * @package SolarCapture
 */

namespace SolarCapture\Rest;

use SolarCapture\Pipeline;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

defined( 'ABSPATH' ) || exit;

/**
 * `set_stage` (a `stage_changed` event per lead that moved, actor `user:<id>`) or `delete`.
 * Unknown ids are reported, not an error.
 */
final class Leads_Bulk_Controller extends Lead_Action_Controller {

	/**
	 * Bulk actions.
	 */
	public const ACTIONS = array( 'set_stage', 'delete' );

	/**
	 * Most leads one request may change.
	 */
	public const MAX = 1000;

	/**
	 * Register the route.
	 */
	public function register_routes(): void {
		$this->admin_route(
			'/leads/bulk',
			WP_REST_Server::CREATABLE,
			'bulk',
			array(
				'action' => array(
					'description' => __( 'What to do with the leads.', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => self::ACTIONS,
					'required'    => true,
				),
				'ids'    => array(
					'description' => __( 'Identifiers of the leads.', 'solar-capture' ),
					'type'        => 'array',
					'items'       => array(
						'type'    => 'integer',
						'minimum' => 1,
					),
					'minItems'    => 1,
					'maxItems'    => self::MAX,
					'required'    => true,
				),
				'stage'  => array(
					'description' => __( 'The new stage (set_stage only).', 'solar-capture' ),
					'type'        => 'string',
					'enum'        => Pipeline::slugs(),
				),
			),
			'get_item_schema'
		);
	}

	/**
	 * POST /leads/bulk
	 *
	 * @param WP_REST_Request $request Request.
	 * @return WP_REST_Response|WP_Error
	 */
	public function bulk( WP_REST_Request $request ) {
		$action = (string) $request['action'];
		$ids    = array_values( array_unique( array_filter( array_map( 'intval', (array) $request['ids'] ) ) ) );
		$stage  = (string) $request['stage'];
		if ( 'set_stage' === $action && ! Pipeline::is_stage( $stage ) ) {
			return new WP_Error( 'rest_missing_callback_param', __( 'Choose the stage to move the leads to.', 'solar-capture' ), array( 'status' => 400 ) );
		}
		if ( ! $ids ) {
			return new WP_Error( 'rest_invalid_param', __( 'No leads were selected.', 'solar-capture' ), array( 'status' => 400 ) );
		}

		$found = $this->leads->find_many( $ids );
		if ( null === $found ) {
			return Leads_Controller::db_error();
		}
		$not_found = array_values( array_diff( $ids, array_keys( $found ) ) );
		return 'delete' === $action ? $this->delete( $found, $not_found ) : $this->set_stage( $found, $not_found, $stage );
	}

	/**
	 * Delete the leads found.
	 *
	 * @param array<int,array> $found     Lead rows by id.
	 * @param int[]            $not_found Ids that match no lead.
	 * @return WP_REST_Response|WP_Error
	 */
	private function delete( array $found, array $not_found ) {
		if ( $found && ! $this->leads->delete( array_keys( $found ) ) ) {
			return Leads_Controller::db_error();
		}
		foreach ( $found as $id => $row ) {
			/** This action is documented in includes/Rest/Leads_Controller.php (delete_item). */
			do_action( 'solar_capture_lead_deleted', $id, $row );
		}
		return new WP_REST_Response(
			array(
				'deleted'   => count( $found ),
				'not_found' => $not_found,
			),
			200
		);
	}

	/**
	 * Move the leads found to $stage, each from the stage it was read in (compare and set: a
	 * webhook may move it meanwhile; then once more from its current stage).
	 *
	 * @param array<int,array> $found     Lead rows by id.
	 * @param int[]            $not_found Ids that match no lead.
	 * @param string           $stage     The new stage.
	 * @return WP_REST_Response|WP_Error
	 */
	private function set_stage( array $found, array $not_found, string $stage ) {
		$actor     = self::actor();
		$updated   = array();
		$unchanged = 0;
		foreach ( $found as $id => $row ) {
			$from = (string) $row['stage'];
			if ( $from === $stage ) {
				++$unchanged;
				continue;
			}
			$now     = gmdate( 'Y-m-d H:i:s' );
			$changed = $this->leads->move_stage( $id, $from, $stage, $now );
			if ( false === $changed ) {
				return Leads_Controller::db_error();
			}
			if ( 0 === $changed ) {
				$current = $this->leads->find( $id );
				if ( ! $current ) {
					continue;
				}
				$from = (string) $current['stage'];
				if ( $from === $stage ) {
					++$unchanged;
					continue;
				}
				if ( ! $this->leads->move_stage( $id, null, $stage, $now ) ) {
					continue;
				}
			}
			$this->timeline->add(
				$id,
				'stage_changed',
				array(
					'from' => $from,
					'to'   => $stage,
					'bulk' => true,
				),
				$actor
			);
			$updated[] = $id;
			/** This action is documented in includes/Rest/Leads_Controller.php (update_item). */
			do_action(
				'solar_capture_lead_updated',
				$id,
				array(
					'stage'            => $stage,
					'stage_changed_at' => $now,
					'updated_at'       => $now,
				),
				$row
			);
		}

		return new WP_REST_Response(
			array(
				'updated'   => count( $updated ),
				'unchanged' => $unchanged,
				'not_found' => $not_found,
				'ids'       => $updated,
			),
			200
		);
	}

	/**
	 * Schema of the answer.
	 *
	 * @return array
	 */
	public function get_item_schema(): array {
		$count = static function ( string $description ): array {
			return array(
				'description' => $description,
				'type'        => 'integer',
				'readonly'    => true,
			);
		};
		$ids   = static function ( string $description ): array {
			return array(
				'description' => $description,
				'type'        => 'array',
				'items'       => array( 'type' => 'integer' ),
				'readonly'    => true,
			);
		};
		return self::object_schema(
			'solar-lead-bulk-result',
			array(
				'updated'   => $count( __( 'set_stage: how many leads changed stage.', 'solar-capture' ) ),
				'unchanged' => $count( __( 'set_stage: how many leads were already in that stage.', 'solar-capture' ) ),
				'ids'       => $ids( __( 'set_stage: the leads that changed stage.', 'solar-capture' ) ),
				'deleted'   => $count( __( 'delete: how many leads were deleted.', 'solar-capture' ) ),
				'not_found' => $ids( __( 'Requested ids that match no lead.', 'solar-capture' ) ),
			),
		);
	}
}
