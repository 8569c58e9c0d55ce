export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      admin_events: {
        Row: {
          actor_id: string | null;
          actor_role: string;
          actor_staff_id: string | null;
          at: string;
          data: NonNullable<Json>;
          id: number;
          kind: string;
          scope_path: unknown;
          target_id: string;
          target_table: string;
        };
        ComputedFields: never;
        Insert: {
          actor_id?: string | null;
          actor_role: string;
          actor_staff_id?: string | null;
          at?: string;
          data?: NonNullable<Json>;
          id?: never;
          kind: string;
          scope_path?: unknown;
          target_id: string;
          target_table: string;
        };
        Update: {
          actor_id?: string | null;
          actor_role?: string;
          actor_staff_id?: string | null;
          at?: string;
          data?: NonNullable<Json>;
          id?: never;
          kind?: string;
          scope_path?: unknown;
          target_id?: string;
          target_table?: string;
        };
        Relationships: [];
      };
      calendar_days: {
        Row: {
          calendar_id: string;
          county_path: unknown;
          day: string;
          kind: string;
        };
        ComputedFields: never;
        Insert: {
          calendar_id: string;
          county_path?: unknown;
          day: string;
          kind: string;
        };
        Update: {
          calendar_id?: string;
          county_path?: unknown;
          day?: string;
          kind?: string;
        };
        Relationships: [
          {
            foreignKeyName: "calendar_days_calendar_id_fkey";
            columns: ["calendar_id"];
            isOneToOne: false;
            referencedRelation: "working_calendars";
            referencedColumns: ["id"];
          },
        ];
      };
      cameras: {
        Row: {
          bearing: number;
          code: string;
          created_at: string;
          fov: number;
          grid_id: string;
          grid_path: unknown;
          id: string;
          kind: Database["public"]["Enums"]["camera_kind"];
          location: unknown;
          name: string;
          range_m: number;
          status: Database["public"]["Enums"]["camera_status"];
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          bearing: number;
          code: string;
          created_at?: string;
          fov: number;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          kind: Database["public"]["Enums"]["camera_kind"];
          location: unknown;
          name: string;
          range_m: number;
          status?: Database["public"]["Enums"]["camera_status"];
          updated_at?: string;
        };
        Update: {
          bearing?: number;
          code?: string;
          created_at?: string;
          fov?: number;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          kind?: Database["public"]["Enums"]["camera_kind"];
          location?: unknown;
          name?: string;
          range_m?: number;
          status?: Database["public"]["Enums"]["camera_status"];
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "cameras_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      case_contacts: {
        Row: {
          assignee_id: string | null;
          case_id: string;
          created_at: string;
          escalation_level: number;
          grid_path: unknown;
          handler_unit_ids: string[];
          note: string;
          reporter_name: string;
          reporter_phone: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          assignee_id?: string | null;
          case_id: string;
          created_at?: string;
          escalation_level?: number;
          grid_path?: unknown;
          handler_unit_ids?: string[];
          note?: string;
          reporter_name?: string;
          reporter_phone?: string;
          updated_at?: string;
        };
        Update: {
          assignee_id?: string | null;
          case_id?: string;
          created_at?: string;
          escalation_level?: number;
          grid_path?: unknown;
          handler_unit_ids?: string[];
          note?: string;
          reporter_name?: string;
          reporter_phone?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "case_contacts_case_id_fkey";
            columns: ["case_id"];
            isOneToOne: true;
            referencedRelation: "cases";
            referencedColumns: ["id"];
          },
        ];
      };
      case_events: {
        Row: {
          actor_id: string | null;
          actor_role: Database["public"]["Enums"]["app_role"] | null;
          actor_staff_id: string | null;
          at: string;
          case_id: string;
          case_version: number | null;
          data: NonNullable<Json>;
          from_status: Database["public"]["Enums"]["case_status"] | null;
          grid_path: unknown;
          id: number;
          kind: string;
          note: string;
          to_status: Database["public"]["Enums"]["case_status"] | null;
        };
        ComputedFields: never;
        Insert: {
          actor_id?: string | null;
          actor_role?: Database["public"]["Enums"]["app_role"] | null;
          actor_staff_id?: string | null;
          at?: string;
          case_id: string;
          case_version?: number | null;
          data?: NonNullable<Json>;
          from_status?: Database["public"]["Enums"]["case_status"] | null;
          grid_path?: unknown;
          id?: never;
          kind: string;
          note?: string;
          to_status?: Database["public"]["Enums"]["case_status"] | null;
        };
        Update: {
          actor_id?: string | null;
          actor_role?: Database["public"]["Enums"]["app_role"] | null;
          actor_staff_id?: string | null;
          at?: string;
          case_id?: string;
          case_version?: number | null;
          data?: NonNullable<Json>;
          from_status?: Database["public"]["Enums"]["case_status"] | null;
          grid_path?: unknown;
          id?: never;
          kind?: string;
          note?: string;
          to_status?: Database["public"]["Enums"]["case_status"] | null;
        };
        Relationships: [
          {
            foreignKeyName: "case_events_case_id_fkey";
            columns: ["case_id"];
            isOneToOne: false;
            referencedRelation: "cases";
            referencedColumns: ["id"];
          },
        ];
      };
      case_photos: {
        Row: {
          attached_at: string;
          case_id: string;
          grid_path: unknown;
          object_name: string;
          position: number;
          uploader_id: string;
        };
        ComputedFields: never;
        Insert: {
          attached_at?: string;
          case_id: string;
          grid_path?: unknown;
          object_name: string;
          position: number;
          uploader_id: string;
        };
        Update: {
          attached_at?: string;
          case_id?: string;
          grid_path?: unknown;
          object_name?: string;
          position?: number;
          uploader_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "case_photos_case_id_fkey";
            columns: ["case_id"];
            isOneToOne: false;
            referencedRelation: "cases";
            referencedColumns: ["id"];
          },
        ];
      };
      case_transitions: {
        Row: {
          action: string;
          bumps_version: boolean;
          from_status: Database["public"]["Enums"]["case_status"];
          records: string[];
          relations: string[];
          requires: string[];
          roles: Database["public"]["Enums"]["app_role"][];
          to_status: Database["public"]["Enums"]["case_status"];
        };
        ComputedFields: never;
        Insert: {
          action: string;
          bumps_version: boolean;
          from_status: Database["public"]["Enums"]["case_status"];
          records: string[];
          relations: string[];
          requires: string[];
          roles: Database["public"]["Enums"]["app_role"][];
          to_status: Database["public"]["Enums"]["case_status"];
        };
        Update: {
          action?: string;
          bumps_version?: boolean;
          from_status?: Database["public"]["Enums"]["case_status"];
          records?: string[];
          relations?: string[];
          requires?: string[];
          roles?: Database["public"]["Enums"]["app_role"][];
          to_status?: Database["public"]["Enums"]["case_status"];
        };
        Relationships: [];
      };
      cases: {
        Row: {
          address: string | null;
          assignee_id: string | null;
          category_code: string;
          closed_at: string | null;
          co_handlers: NonNullable<Json>;
          co_unit_ids: string[];
          code: string;
          created_at: string;
          created_by: string | null;
          description: string;
          dispatched_at: string | null;
          due_at: string;
          escalation_level: number;
          grid_id: string;
          grid_path: unknown;
          id: string;
          lead_unit_id: string | null;
          location: unknown;
          outcome: Database["public"]["Enums"]["case_outcome"] | null;
          photo_ids: string[];
          registered_at: string | null;
          reported_at: string;
          reported_back_at: string | null;
          source: Database["public"]["Enums"]["case_source"];
          status: Database["public"]["Enums"]["case_status"];
          supervised: boolean;
          title: string;
          updated_at: string;
          urgent: boolean;
          version: number;
        };
        ComputedFields: never;
        Insert: {
          address?: string | null;
          assignee_id?: string | null;
          category_code: string;
          closed_at?: string | null;
          co_handlers?: NonNullable<Json>;
          co_unit_ids?: never;
          code: string;
          created_at?: string;
          created_by?: string | null;
          description?: string;
          dispatched_at?: string | null;
          due_at: string;
          escalation_level?: number;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          lead_unit_id?: string | null;
          location: unknown;
          outcome?: Database["public"]["Enums"]["case_outcome"] | null;
          photo_ids?: string[];
          registered_at?: string | null;
          reported_at?: string;
          reported_back_at?: string | null;
          source: Database["public"]["Enums"]["case_source"];
          status?: Database["public"]["Enums"]["case_status"];
          supervised?: boolean;
          title: string;
          updated_at?: string;
          urgent?: boolean;
          version?: number;
        };
        Update: {
          address?: string | null;
          assignee_id?: string | null;
          category_code?: string;
          closed_at?: string | null;
          co_handlers?: NonNullable<Json>;
          co_unit_ids?: never;
          code?: string;
          created_at?: string;
          created_by?: string | null;
          description?: string;
          dispatched_at?: string | null;
          due_at?: string;
          escalation_level?: number;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          lead_unit_id?: string | null;
          location?: unknown;
          outcome?: Database["public"]["Enums"]["case_outcome"] | null;
          photo_ids?: string[];
          registered_at?: string | null;
          reported_at?: string;
          reported_back_at?: string | null;
          source?: Database["public"]["Enums"]["case_source"];
          status?: Database["public"]["Enums"]["case_status"];
          supervised?: boolean;
          title?: string;
          updated_at?: string;
          urgent?: boolean;
          version?: number;
        };
        Relationships: [
          {
            foreignKeyName: "cases_assignee_id_fkey";
            columns: ["assignee_id"];
            isOneToOne: false;
            referencedRelation: "staff";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "cases_category_code_fkey";
            columns: ["category_code"];
            isOneToOne: false;
            referencedRelation: "categories";
            referencedColumns: ["code"];
          },
          {
            foreignKeyName: "cases_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "cases_lead_unit_id_fkey";
            columns: ["lead_unit_id"];
            isOneToOne: false;
            referencedRelation: "units";
            referencedColumns: ["id"];
          },
        ];
      };
      categories: {
        Row: {
          code: string;
          default_deadline_amount: number | null;
          default_deadline_unit: string | null;
          default_unit_id: string | null;
          is_dispute: boolean;
          name: string;
          name_en: string;
          parent_code: string | null;
          sort_order: number;
          urgent_by_default: boolean;
        };
        ComputedFields: never;
        Insert: {
          code: string;
          default_deadline_amount?: number | null;
          default_deadline_unit?: string | null;
          default_unit_id?: string | null;
          is_dispute?: boolean;
          name: string;
          name_en?: string;
          parent_code?: string | null;
          sort_order?: number;
          urgent_by_default?: boolean;
        };
        Update: {
          code?: string;
          default_deadline_amount?: number | null;
          default_deadline_unit?: string | null;
          default_unit_id?: string | null;
          is_dispute?: boolean;
          name?: string;
          name_en?: string;
          parent_code?: string | null;
          sort_order?: number;
          urgent_by_default?: boolean;
        };
        Relationships: [
          {
            foreignKeyName: "categories_default_unit_id_fkey";
            columns: ["default_unit_id"];
            isOneToOne: false;
            referencedRelation: "units";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "categories_parent_code_fkey";
            columns: ["parent_code"];
            isOneToOne: false;
            referencedRelation: "categories";
            referencedColumns: ["code"];
          },
        ];
      };
      category_settings: {
        Row: {
          category_code: string;
          county_path: unknown;
          default_deadline_amount: number | null;
          default_deadline_unit: string | null;
          default_unit_id: string | null;
          updated_at: string;
          urgent_by_default: boolean | null;
        };
        ComputedFields: never;
        Insert: {
          category_code: string;
          county_path: unknown;
          default_deadline_amount?: number | null;
          default_deadline_unit?: string | null;
          default_unit_id?: string | null;
          updated_at?: string;
          urgent_by_default?: boolean | null;
        };
        Update: {
          category_code?: string;
          county_path?: unknown;
          default_deadline_amount?: number | null;
          default_deadline_unit?: string | null;
          default_unit_id?: string | null;
          updated_at?: string;
          urgent_by_default?: boolean | null;
        };
        Relationships: [
          {
            foreignKeyName: "category_settings_category_code_fkey";
            columns: ["category_code"];
            isOneToOne: false;
            referencedRelation: "categories";
            referencedColumns: ["code"];
          },
          {
            foreignKeyName: "category_settings_default_unit_id_fkey";
            columns: ["default_unit_id"];
            isOneToOne: false;
            referencedRelation: "units";
            referencedColumns: ["id"];
          },
        ];
      };
      grids: {
        Row: {
          area_km2: number;
          boundary: unknown;
          chief_id: string | null;
          code: string;
          created_at: string;
          households: number;
          id: string;
          label_point: unknown;
          level: number;
          name: string;
          name_en: string;
          parent_id: string | null;
          path: unknown;
          population: number;
          tile_label_point: unknown;
          tile_shape_full: unknown;
          tile_shape_z10: unknown;
          tile_shape_z12: unknown;
          tile_shape_z7: unknown;
          updated_at: string;
          worker_ids: string[];
        };
        ComputedFields: never;
        Insert: {
          area_km2: number;
          boundary: unknown;
          chief_id?: string | null;
          code: string;
          created_at?: string;
          households?: number;
          id?: string;
          label_point: unknown;
          level?: never;
          name: string;
          name_en?: string;
          parent_id?: string | null;
          path?: never;
          population?: number;
          tile_label_point?: never;
          tile_shape_full?: never;
          tile_shape_z10?: never;
          tile_shape_z12?: never;
          tile_shape_z7?: never;
          updated_at?: string;
          worker_ids?: string[];
        };
        Update: {
          area_km2?: number;
          boundary?: unknown;
          chief_id?: string | null;
          code?: string;
          created_at?: string;
          households?: number;
          id?: string;
          label_point?: unknown;
          level?: never;
          name?: string;
          name_en?: string;
          parent_id?: string | null;
          path?: never;
          population?: number;
          tile_label_point?: never;
          tile_shape_full?: never;
          tile_shape_z10?: never;
          tile_shape_z12?: never;
          tile_shape_z7?: never;
          updated_at?: string;
          worker_ids?: string[];
        };
        Relationships: [
          {
            foreignKeyName: "grids_chief_id_fkey";
            columns: ["chief_id"];
            isOneToOne: false;
            referencedRelation: "staff";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "grids_parent_id_fkey";
            columns: ["parent_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      key_places: {
        Row: {
          created_at: string;
          grid_id: string;
          grid_path: unknown;
          id: string;
          kind: Database["public"]["Enums"]["key_place_kind"];
          location: unknown;
          name: string;
          name_en: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          kind: Database["public"]["Enums"]["key_place_kind"];
          location: unknown;
          name: string;
          name_en?: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          kind?: Database["public"]["Enums"]["key_place_kind"];
          location?: unknown;
          name?: string;
          name_en?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "key_places_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      memberships: {
        Row: {
          created_at: string;
          grid_id: string;
          grid_path: unknown;
          id: string;
          role: Database["public"]["Enums"]["app_role"];
          scope_path: unknown;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          role: Database["public"]["Enums"]["app_role"];
          scope_path?: unknown;
          user_id: string;
        };
        Update: {
          created_at?: string;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          role?: Database["public"]["Enums"]["app_role"];
          scope_path?: unknown;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "memberships_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      notice_reads: {
        Row: {
          event_id: number;
          read_at: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          event_id: number;
          read_at?: string;
          user_id?: string;
        };
        Update: {
          event_id?: number;
          read_at?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "notice_reads_event_id_fkey";
            columns: ["event_id"];
            isOneToOne: false;
            referencedRelation: "case_events";
            referencedColumns: ["id"];
          },
        ];
      };
      patrol_routes: {
        Row: {
          created_at: string;
          grid_path: unknown;
          id: string;
          length_km: number;
          name: string;
          name_en: string;
          path: unknown;
          schedule: NonNullable<Json>;
          stops: NonNullable<Json>;
          team_id: string;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          grid_path?: unknown;
          id?: string;
          length_km: number;
          name: string;
          name_en?: string;
          path: unknown;
          schedule: NonNullable<Json>;
          stops?: NonNullable<Json>;
          team_id: string;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          grid_path?: unknown;
          id?: string;
          length_km?: number;
          name?: string;
          name_en?: string;
          path?: unknown;
          schedule?: NonNullable<Json>;
          stops?: NonNullable<Json>;
          team_id?: string;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "patrol_routes_team_id_fkey";
            columns: ["team_id"];
            isOneToOne: false;
            referencedRelation: "patrol_teams";
            referencedColumns: ["id"];
          },
        ];
      };
      patrol_teams: {
        Row: {
          created_at: string;
          grid_id: string;
          grid_path: unknown;
          id: string;
          kind: Database["public"]["Enums"]["patrol_team_kind"];
          leader_id: string | null;
          member_count: number;
          name: string;
          name_en: string;
          post: unknown;
          updated_at: string;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          kind: Database["public"]["Enums"]["patrol_team_kind"];
          leader_id?: string | null;
          member_count?: number;
          name: string;
          name_en?: string;
          post?: unknown;
          updated_at?: string;
        };
        Update: {
          created_at?: string;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          kind?: Database["public"]["Enums"]["patrol_team_kind"];
          leader_id?: string | null;
          member_count?: number;
          name?: string;
          name_en?: string;
          post?: unknown;
          updated_at?: string;
        };
        Relationships: [
          {
            foreignKeyName: "patrol_teams_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
          {
            foreignKeyName: "patrol_teams_leader_id_fkey";
            columns: ["leader_id"];
            isOneToOne: false;
            referencedRelation: "staff";
            referencedColumns: ["id"];
          },
        ];
      };
      roads: {
        Row: {
          county_path: unknown;
          id: string;
          kind: Database["public"]["Enums"]["road_kind"];
          name: string;
          path: unknown;
        };
        ComputedFields: never;
        Insert: {
          county_path: unknown;
          id?: string;
          kind: Database["public"]["Enums"]["road_kind"];
          name?: string;
          path: unknown;
        };
        Update: {
          county_path?: unknown;
          id?: string;
          kind?: Database["public"]["Enums"]["road_kind"];
          name?: string;
          path?: unknown;
        };
        Relationships: [];
      };
      scenarios: {
        Row: {
          applied_at: string | null;
          applied_by: string | null;
          base_revision: string;
          created_at: string;
          edits: NonNullable<Json>;
          grid_id: string;
          grid_path: unknown;
          id: string;
          name: string;
          owner_id: string;
          updated_at: string;
          version: number;
        };
        ComputedFields: never;
        Insert: {
          applied_at?: string | null;
          applied_by?: string | null;
          base_revision: string;
          created_at?: string;
          edits?: NonNullable<Json>;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          name: string;
          owner_id?: string;
          updated_at?: string;
          version?: number;
        };
        Update: {
          applied_at?: string | null;
          applied_by?: string | null;
          base_revision?: string;
          created_at?: string;
          edits?: NonNullable<Json>;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          name?: string;
          owner_id?: string;
          updated_at?: string;
          version?: number;
        };
        Relationships: [
          {
            foreignKeyName: "scenarios_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      staff: {
        Row: {
          created_at: string;
          grid_id: string;
          grid_path: unknown;
          id: string;
          name: string;
          phone_masked: string;
          role: Database["public"]["Enums"]["staff_role"];
          updated_at: string;
          user_id: string | null;
        };
        ComputedFields: never;
        Insert: {
          created_at?: string;
          grid_id: string;
          grid_path?: unknown;
          id?: string;
          name: string;
          phone_masked?: string;
          role: Database["public"]["Enums"]["staff_role"];
          updated_at?: string;
          user_id?: string | null;
        };
        Update: {
          created_at?: string;
          grid_id?: string;
          grid_path?: unknown;
          id?: string;
          name?: string;
          phone_masked?: string;
          role?: Database["public"]["Enums"]["staff_role"];
          updated_at?: string;
          user_id?: string | null;
        };
        Relationships: [
          {
            foreignKeyName: "staff_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      unit_members: {
        Row: {
          county_path: unknown;
          created_at: string;
          unit_id: string;
          user_id: string;
        };
        ComputedFields: never;
        Insert: {
          county_path: unknown;
          created_at?: string;
          unit_id: string;
          user_id: string;
        };
        Update: {
          county_path?: unknown;
          created_at?: string;
          unit_id?: string;
          user_id?: string;
        };
        Relationships: [
          {
            foreignKeyName: "unit_members_unit_id_fkey";
            columns: ["unit_id"];
            isOneToOne: false;
            referencedRelation: "units";
            referencedColumns: ["id"];
          },
        ];
      };
      units: {
        Row: {
          county_path: unknown;
          grid_id: string | null;
          id: string;
          name: string;
          name_en: string;
        };
        ComputedFields: never;
        Insert: {
          county_path?: unknown;
          grid_id?: string | null;
          id: string;
          name: string;
          name_en?: string;
        };
        Update: {
          county_path?: unknown;
          grid_id?: string | null;
          id?: string;
          name?: string;
          name_en?: string;
        };
        Relationships: [
          {
            foreignKeyName: "units_grid_id_fkey";
            columns: ["grid_id"];
            isOneToOne: false;
            referencedRelation: "grids";
            referencedColumns: ["id"];
          },
        ];
      };
      working_calendars: {
        Row: {
          county_path: unknown;
          id: string;
          is_default: boolean;
          name: string;
          periods: NonNullable<Json>;
          utc_offset_minutes: number;
          weekend_days: number[];
        };
        ComputedFields: never;
        Insert: {
          county_path?: unknown;
          id: string;
          is_default?: boolean;
          name?: string;
          periods: NonNullable<Json>;
          utc_offset_minutes: number;
          weekend_days?: number[];
        };
        Update: {
          county_path?: unknown;
          id?: string;
          is_default?: boolean;
          name?: string;
          periods?: NonNullable<Json>;
          utc_offset_minutes?: number;
          weekend_days?: number[];
        };
        Relationships: [];
      };
    };
    Views: {
      [_ in never]: never;
    };
    Functions: {
      add_working_time: {
        Args: { p_amount: number; p_calendar_id?: string; p_start: string; p_unit: string };
        Returns: string;
      };
      apply_scenario: { Args: { p_expected_version: number; p_id: string }; Returns: Json };
      case_contact: { Args: { p_case_id: string }; Returns: Json };
      case_events_of: { Args: { p_case_id: string }; Returns: Json };
      case_transition: {
        Args: {
          p_action: string;
          p_case_id: string;
          p_expected_version?: number;
          p_idempotency_key?: string;
          p_input?: Json;
        };
        Returns: Json;
      };
      cases_in_view: {
        Args: {
          p_bbox?: number[];
          p_category_codes?: string[];
          p_from?: number;
          p_ids?: string[];
          p_limit?: number;
          p_mine?: boolean;
          p_now?: number;
          p_overdue?: boolean;
          p_search?: string;
          p_sources?: Database["public"]["Enums"]["case_source"][];
          p_statuses?: Database["public"]["Enums"]["case_status"][];
          p_subtree_of?: string;
          p_supervised?: boolean;
          p_to?: number;
        };
        Returns: Json;
      };
      create_case: { Args: { p_idempotency_key?: string; p_input: Json }; Returns: Json };
      edit_case: {
        Args: { p_case_id: string; p_changes: Json; p_expected_version: number };
        Returns: Json;
      };
      grid_kpis: {
        Args: { p_from: number; p_grid_id: string; p_now?: number; p_to: number };
        Returns: Json;
      };
      grid_lineage: { Args: { p_grid_id: string }; Returns: Json };
      grid_outline: { Args: { p_grid_id: string; p_zoom?: number }; Returns: Json };
      grid_summaries: {
        Args: {
          p_bbox?: number[];
          p_ids?: string[];
          p_max_level?: number;
          p_parent_id?: string;
          p_subtree_of?: string;
        };
        Returns: Json;
      };
      grid_tile: { Args: { x: number; y: number; z: number }; Returns: string };
      grids_geojson: {
        Args: {
          p_bbox?: number[];
          p_codes?: string[];
          p_ids?: string[];
          p_level?: number;
          p_parent_id?: string;
          p_simplify?: number;
          p_subtree_of?: string;
        };
        Returns: Json;
      };
      import_territory: {
        Args: { p_county_code: string; p_file_name?: string; p_grids: Json };
        Returns: Json;
      };
      link_staff_login: { Args: { p_staff_id: string; p_user_id: string }; Returns: Json };
      list_cameras: { Args: { p_bbox?: number[]; p_subtree_of?: string }; Returns: Json };
      list_cases: { Args: { p_filter?: Json }; Returns: Json };
      list_key_places: { Args: { p_bbox?: number[]; p_subtree_of?: string }; Returns: Json };
      list_patrol_routes: { Args: { p_bbox?: number[]; p_subtree_of?: string }; Returns: Json };
      list_patrol_teams: { Args: { p_bbox?: number[]; p_subtree_of?: string }; Returns: Json };
      list_roads: { Args: { p_bbox?: number[] }; Returns: Json };
      list_staff: { Args: { p_bbox?: number[]; p_subtree_of?: string }; Returns: Json };
      live_watermark: { Args: { p_grid_code: string }; Returns: Json };
      locate_grid: { Args: { p_lat: number; p_lng: number }; Returns: Json };
      mark_notice_read: { Args: { p_event_id: number }; Returns: undefined };
      my_access: { Args: Record<PropertyKey, never>; Returns: Json };
      my_notices: { Args: Record<PropertyKey, never>; Returns: Json };
      planning_revision: { Args: { p_grid_id: string }; Returns: string };
      region_kpis: {
        Args: { p_from: number; p_now?: number; p_region: string; p_to: number };
        Returns: Json;
      };
      set_grid_boundaries: { Args: { p_changes: Json }; Returns: Json };
    };
    Enums: {
      app_role:
        | "county_admin"
        | "township_commander"
        | "village_chief"
        | "grid_worker"
        | "wall_viewer";
      camera_kind: "junction" | "key_place" | "checkpoint" | "road";
      camera_status: "online" | "offline";
      case_outcome: "resolved" | "mediated" | "unresolvable" | "referred";
      case_source: "patrol" | "visit" | "phone" | "letter" | "camera" | "handover" | "sweep";
      case_status:
        | "reported"
        | "registered"
        | "dispatched"
        | "in_progress"
        | "reported_back"
        | "returned"
        | "escalated"
        | "closed"
        | "cancelled";
      key_place_kind:
        | "school"
        | "market"
        | "clinic"
        | "government"
        | "police"
        | "construction"
        | "factory"
        | "station"
        | "square"
        | "temple";
      patrol_team_kind: "police" | "militia" | "volunteer" | "security";
      road_kind: "main" | "village";
      staff_role: "commander" | "chief" | "worker" | "helper";
    };
    CompositeTypes: {
      [_ in never]: never;
    };
  };
};

type DatabaseWithoutInternals = Omit<Database, "__InternalSupabase">;

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, "public">];

export type Tables<
  DefaultSchemaTableNameOrOptions extends
    | keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
        DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
      DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends {
      Row: infer R;
    }
    ? R
    : never
  : DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
    ? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends {
        Row: infer R;
      }
      ? R
      : never
    : never;

export type TablesInsert<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Insert: infer I;
    }
    ? I
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Insert: infer I;
      }
      ? I
      : never
    : never;

export type TablesUpdate<
  DefaultSchemaTableNameOrOptions extends
    | keyof DefaultSchema["Tables"]
    | { schema: keyof DatabaseWithoutInternals },
  TableName extends (DefaultSchemaTableNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
    : never) = never,
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends {
      Update: infer U;
    }
    ? U
    : never
  : DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
    ? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends {
        Update: infer U;
      }
      ? U
      : never
    : never;

export type Enums<
  DefaultSchemaEnumNameOrOptions extends
    | keyof DefaultSchema["Enums"]
    | { schema: keyof DatabaseWithoutInternals },
  EnumName extends (DefaultSchemaEnumNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
    : never) = never,
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
  : DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
    ? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
    : never;

export type CompositeTypes<
  PublicCompositeTypeNameOrOptions extends
    | keyof DefaultSchema["CompositeTypes"]
    | { schema: keyof DatabaseWithoutInternals },
  CompositeTypeName extends (PublicCompositeTypeNameOrOptions extends {
    schema: keyof DatabaseWithoutInternals;
  }
    ? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
    : never) = never,
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
  ? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
  : PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
    ? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
    : never;

export const Constants = {
  public: {
    Enums: {
      app_role: [
        "county_admin",
        "township_commander",
        "village_chief",
        "grid_worker",
        "wall_viewer",
      ],
      camera_kind: ["junction", "key_place", "checkpoint", "road"],
      camera_status: ["online", "offline"],
      case_outcome: ["resolved", "mediated", "unresolvable", "referred"],
      case_source: ["patrol", "visit", "phone", "letter", "camera", "handover", "sweep"],
      case_status: [
        "reported",
        "registered",
        "dispatched",
        "in_progress",
        "reported_back",
        "returned",
        "escalated",
        "closed",
        "cancelled",
      ],
      key_place_kind: [
        "school",
        "market",
        "clinic",
        "government",
        "police",
        "construction",
        "factory",
        "station",
        "square",
        "temple",
      ],
      patrol_team_kind: ["police", "militia", "volunteer", "security"],
      road_kind: ["main", "village"],
      staff_role: ["commander", "chief", "worker", "helper"],
    },
  },
} as const;
