/** Members the large-group checks give their group unless told otherwise: a few hundred, as a real department has. */
export const DEFAULT_LARGE_GROUP_SIZE = 300;
