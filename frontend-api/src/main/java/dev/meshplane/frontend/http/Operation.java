package dev.meshplane.frontend.http;

import com.google.protobuf.Descriptors.Descriptor;

/** One App Mesh operation and its HTTP binding, as the model declares it. */
public record Operation(
    String name, String httpMethod, UriTemplate uri, int successStatus, Descriptor input, Descriptor output) {}
