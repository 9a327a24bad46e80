data <- read.csv("survey_736514_R_data_file.csv", quote = "'\"", na.strings=c("", "\"\""), stringsAsFactors=FALSE, fileEncoding="UTF-8-BOM")


# LimeSurvey Field type: F
data[, 1] <- as.numeric(data[, 1])
attributes(data)$variable.labels[1] <- "id"
names(data)[1] <- "id"
# LimeSurvey Field type: DATETIME23.2
data[, 2] <- as.character(data[, 2])
attributes(data)$variable.labels[2] <- "submitdate"
names(data)[2] <- "submitdate"
# LimeSurvey Field type: F
data[, 3] <- as.numeric(data[, 3])
attributes(data)$variable.labels[3] <- "lastpage"
names(data)[3] <- "lastpage"
# LimeSurvey Field type: A
data[, 4] <- as.character(data[, 4])
attributes(data)$variable.labels[4] <- "startlanguage"
names(data)[4] <- "startlanguage"
# LimeSurvey Field type: A
data[, 5] <- as.character(data[, 5])
attributes(data)$variable.labels[5] <- "seed"
names(data)[5] <- "seed"
# LimeSurvey Field type: A
data[, 6] <- as.character(data[, 6])
attributes(data)$variable.labels[6] <- "token"
names(data)[6] <- "token"
# LimeSurvey Field type: DATETIME23.2
data[, 7] <- as.character(data[, 7])
attributes(data)$variable.labels[7] <- "startdate"
names(data)[7] <- "startdate"
# LimeSurvey Field type: DATETIME23.2
data[, 8] <- as.character(data[, 8])
attributes(data)$variable.labels[8] <- "datestamp"
names(data)[8] <- "datestamp"
# LimeSurvey Field type: A
data[, 9] <- as.character(data[, 9])
attributes(data)$variable.labels[9] <- "In which country is your organisation based?"
data[, 9] <- factor(data[, 9], levels=c("BG","RO","GR","SI","MK","ES"),labels=c("Bulgaria", "Romania", "Greece", "Slovenia", "North Macedonia", "Spain"))
names(data)[9] <- "COUNTRY"
# LimeSurvey Field type: A
data[, 10] <- as.character(data[, 10])
attributes(data)$variable.labels[10] <- "Which type of organisation do you represent?"
data[, 10] <- factor(data[, 10], levels=c("PUBAUTH","RDA","UNIV","VET","BUS","NGO"),labels=c("Regional or local authority", "Regional development agency", "University or research centre", "VET provider", "Business or cluster", "Civil-society organisation"))
names(data)[10] <- "ORGTYPE"
# LimeSurvey Field type: A
data[, 11] <- as.character(data[, 11])
attributes(data)$variable.labels[11] <- "[Other] Which type of organisation do you represent?"
names(data)[11] <- "ORGTYPE_other"
# LimeSurvey Field type: A
data[, 12] <- as.character(data[, 12])
attributes(data)$variable.labels[12] <- "[Strategic planning] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 12] <- factor(data[, 12], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[12] <- "RATE_C01#0"
# LimeSurvey Field type: A
data[, 13] <- as.character(data[, 13])
attributes(data)$variable.labels[13] <- "[Strategic planning] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 13] <- factor(data[, 13], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[13] <- "RATE_C01#1"
# LimeSurvey Field type: A
data[, 14] <- as.character(data[, 14])
attributes(data)$variable.labels[14] <- "[Project and funds management (EU funds)] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 14] <- factor(data[, 14], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[14] <- "RATE_C02#0"
# LimeSurvey Field type: A
data[, 15] <- as.character(data[, 15])
attributes(data)$variable.labels[15] <- "[Project and funds management (EU funds)] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 15] <- factor(data[, 15], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[15] <- "RATE_C02#1"
# LimeSurvey Field type: A
data[, 16] <- as.character(data[, 16])
attributes(data)$variable.labels[16] <- "[Stakeholder engagement and partnership building] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 16] <- factor(data[, 16], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[16] <- "RATE_C03#0"
# LimeSurvey Field type: A
data[, 17] <- as.character(data[, 17])
attributes(data)$variable.labels[17] <- "[Stakeholder engagement and partnership building] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 17] <- factor(data[, 17], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[17] <- "RATE_C03#1"
# LimeSurvey Field type: A
data[, 18] <- as.character(data[, 18])
attributes(data)$variable.labels[18] <- "[Regional economic analysis] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 18] <- factor(data[, 18], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[18] <- "RATE_C04#0"
# LimeSurvey Field type: A
data[, 19] <- as.character(data[, 19])
attributes(data)$variable.labels[19] <- "[Regional economic analysis] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 19] <- factor(data[, 19], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[19] <- "RATE_C04#1"
# LimeSurvey Field type: A
data[, 20] <- as.character(data[, 20])
attributes(data)$variable.labels[20] <- "[Spatial planning] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 20] <- factor(data[, 20], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[20] <- "RATE_C05#0"
# LimeSurvey Field type: A
data[, 21] <- as.character(data[, 21])
attributes(data)$variable.labels[21] <- "[Spatial planning] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 21] <- factor(data[, 21], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[21] <- "RATE_C05#1"
# LimeSurvey Field type: A
data[, 22] <- as.character(data[, 22])
attributes(data)$variable.labels[22] <- "[Smart-city technologies] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 22] <- factor(data[, 22], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[22] <- "RATE_C06#0"
# LimeSurvey Field type: A
data[, 23] <- as.character(data[, 23])
attributes(data)$variable.labels[23] <- "[Smart-city technologies] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 23] <- factor(data[, 23], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[23] <- "RATE_C06#1"
# LimeSurvey Field type: A
data[, 24] <- as.character(data[, 24])
attributes(data)$variable.labels[24] <- "[Data-driven decision-making] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 24] <- factor(data[, 24], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[24] <- "RATE_C07#0"
# LimeSurvey Field type: A
data[, 25] <- as.character(data[, 25])
attributes(data)$variable.labels[25] <- "[Data-driven decision-making] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 25] <- factor(data[, 25], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[25] <- "RATE_C07#1"
# LimeSurvey Field type: A
data[, 26] <- as.character(data[, 26])
attributes(data)$variable.labels[26] <- "[Digital public services] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 26] <- factor(data[, 26], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[26] <- "RATE_C08#0"
# LimeSurvey Field type: A
data[, 27] <- as.character(data[, 27])
attributes(data)$variable.labels[27] <- "[Digital public services] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 27] <- factor(data[, 27], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[27] <- "RATE_C08#1"
# LimeSurvey Field type: A
data[, 28] <- as.character(data[, 28])
attributes(data)$variable.labels[28] <- "[Open data and GIS] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 28] <- factor(data[, 28], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[28] <- "RATE_C09#0"
# LimeSurvey Field type: A
data[, 29] <- as.character(data[, 29])
attributes(data)$variable.labels[29] <- "[Open data and GIS] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 29] <- factor(data[, 29], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[29] <- "RATE_C09#1"
# LimeSurvey Field type: A
data[, 30] <- as.character(data[, 30])
attributes(data)$variable.labels[30] <- "[Sustainability and climate adaptation] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 30] <- factor(data[, 30], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[30] <- "RATE_C10#0"
# LimeSurvey Field type: A
data[, 31] <- as.character(data[, 31])
attributes(data)$variable.labels[31] <- "[Sustainability and climate adaptation] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 31] <- factor(data[, 31], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[31] <- "RATE_C10#1"
# LimeSurvey Field type: A
data[, 32] <- as.character(data[, 32])
attributes(data)$variable.labels[32] <- "[Circular economy at regional level] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 32] <- factor(data[, 32], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[32] <- "RATE_C11#0"
# LimeSurvey Field type: A
data[, 33] <- as.character(data[, 33])
attributes(data)$variable.labels[33] <- "[Circular economy at regional level] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 33] <- factor(data[, 33], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[33] <- "RATE_C11#1"
# LimeSurvey Field type: A
data[, 34] <- as.character(data[, 34])
attributes(data)$variable.labels[34] <- "[Innovation ecosystems (smart specialisation)] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 34] <- factor(data[, 34], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[34] <- "RATE_C12#0"
# LimeSurvey Field type: A
data[, 35] <- as.character(data[, 35])
attributes(data)$variable.labels[35] <- "[Innovation ecosystems (smart specialisation)] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 35] <- factor(data[, 35], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[35] <- "RATE_C12#1"
# LimeSurvey Field type: A
data[, 36] <- as.character(data[, 36])
attributes(data)$variable.labels[36] <- "[Change management and leadership] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 36] <- factor(data[, 36], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[36] <- "RATE_C13#0"
# LimeSurvey Field type: A
data[, 37] <- as.character(data[, 37])
attributes(data)$variable.labels[37] <- "[Change management and leadership] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 37] <- factor(data[, 37], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[37] <- "RATE_C13#1"
# LimeSurvey Field type: A
data[, 38] <- as.character(data[, 38])
attributes(data)$variable.labels[38] <- "[Communication and citizen participation] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 38] <- factor(data[, 38], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[38] <- "RATE_C14#0"
# LimeSurvey Field type: A
data[, 39] <- as.character(data[, 39])
attributes(data)$variable.labels[39] <- "[Communication and citizen participation] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 39] <- factor(data[, 39], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[39] <- "RATE_C14#1"
# LimeSurvey Field type: A
data[, 40] <- as.character(data[, 40])
attributes(data)$variable.labels[40] <- "[Policy evaluation and monitoring] [Scale 1] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 40] <- factor(data[, 40], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Not important", "2 – Slightly important", "3 – Moderately important", "4 – Very important", "5 – Essential", "Don't know"))
names(data)[40] <- "RATE_C15#0"
# LimeSurvey Field type: A
data[, 41] <- as.character(data[, 41])
attributes(data)$variable.labels[41] <- "[Policy evaluation and monitoring] [Scale 2] For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?"
data[, 41] <- factor(data[, 41], levels=c("A1","A2","A3","A4","A5","DK"),labels=c("1 – Very low", "2 – Low", "3 – Medium", "4 – High", "5 – Very high", "Don't know"))
names(data)[41] <- "RATE_C15#1"
# LimeSurvey Field type: F
data[, 42] <- as.numeric(data[, 42])
attributes(data)$variable.labels[42] <- "[Open data publication] On a scale from 1 to 10, how ready is your organisation for each of these?"
names(data)[42] <- "DIGREADY_SQ001"
# LimeSurvey Field type: F
data[, 43] <- as.numeric(data[, 43])
attributes(data)$variable.labels[43] <- "[Online public services] On a scale from 1 to 10, how ready is your organisation for each of these?"
names(data)[43] <- "DIGREADY_SQ002"
# LimeSurvey Field type: F
data[, 44] <- as.numeric(data[, 44])
attributes(data)$variable.labels[44] <- "[Use of sensor data] On a scale from 1 to 10, how ready is your organisation for each of these?"
names(data)[44] <- "DIGREADY_SQ003"
# LimeSurvey Field type: F
data[, 45] <- as.numeric(data[, 45])
attributes(data)$variable.labels[45] <- "[Online, self-paced] Which training formats would suit your staff? Add a comment if you like."
data[, 45] <- factor(data[, 45], levels=c(1,0),labels=c("Yes", "Not selected"))
names(data)[45] <- "TRAINFMT_SQ001"
# LimeSurvey Field type: A
data[, 46] <- as.character(data[, 46])
attributes(data)$variable.labels[46] <- "[Online, self-paced] [Comment] Which training formats would suit your staff? Add a comment if you like."
names(data)[46] <- "TRAINFMT_SQ001comment"
# LimeSurvey Field type: F
data[, 47] <- as.numeric(data[, 47])
attributes(data)$variable.labels[47] <- "[Workshops] Which training formats would suit your staff? Add a comment if you like."
data[, 47] <- factor(data[, 47], levels=c(1,0),labels=c("Yes", "Not selected"))
names(data)[47] <- "TRAINFMT_SQ002"
# LimeSurvey Field type: A
data[, 48] <- as.character(data[, 48])
attributes(data)$variable.labels[48] <- "[Workshops] [Comment] Which training formats would suit your staff? Add a comment if you like."
names(data)[48] <- "TRAINFMT_SQ002comment"
# LimeSurvey Field type: F
data[, 49] <- as.numeric(data[, 49])
attributes(data)$variable.labels[49] <- "[Study visits] Which training formats would suit your staff? Add a comment if you like."
data[, 49] <- factor(data[, 49], levels=c(1,0),labels=c("Yes", "Not selected"))
names(data)[49] <- "TRAINFMT_SQ003"
# LimeSurvey Field type: A
data[, 50] <- as.character(data[, 50])
attributes(data)$variable.labels[50] <- "[Study visits] [Comment] Which training formats would suit your staff? Add a comment if you like."
names(data)[50] <- "TRAINFMT_SQ003comment"
# LimeSurvey Field type: A
data[, 51] <- as.character(data[, 51])
attributes(data)$variable.labels[51] <- "[Other] Which training formats would suit your staff? Add a comment if you like."
names(data)[51] <- "TRAINFMT_other"
# LimeSurvey Field type: A
data[, 52] <- as.character(data[, 52])
attributes(data)$variable.labels[52] <- "[Other comment] Which training formats would suit your staff? Add a comment if you like."
names(data)[52] <- "TRAINFMT_othercomment"
# LimeSurvey Field type: A
data[, 53] <- as.character(data[, 53])
attributes(data)$variable.labels[53] <- "Which other competencies will specialists in your region need?"
names(data)[53] <- "OPENCOMP"
# LimeSurvey Field type: F
data[, 54] <- as.numeric(data[, 54])
attributes(data)$variable.labels[54] <- "Total time"
names(data)[54] <- "interviewtime"
# LimeSurvey Field type: F
data[, 55] <- as.numeric(data[, 55])
attributes(data)$variable.labels[55] <- "Group time: Profile"
names(data)[55] <- "groupTime1"
# LimeSurvey Field type: F
data[, 56] <- as.numeric(data[, 56])
attributes(data)$variable.labels[56] <- "Question time: COUNTRY"
names(data)[56] <- "COUNTRYTime"
# LimeSurvey Field type: F
data[, 57] <- as.numeric(data[, 57])
attributes(data)$variable.labels[57] <- "Question time: ORGTYPE"
names(data)[57] <- "ORGTYPETime"
# LimeSurvey Field type: F
data[, 58] <- as.numeric(data[, 58])
attributes(data)$variable.labels[58] <- "Group time: Importance of competencies"
names(data)[58] <- "groupTime2"
# LimeSurvey Field type: F
data[, 59] <- as.numeric(data[, 59])
attributes(data)$variable.labels[59] <- "Question time: RATE"
names(data)[59] <- "RATETime"
# LimeSurvey Field type: F
data[, 60] <- as.numeric(data[, 60])
attributes(data)$variable.labels[60] <- "Group time: Current level and comments"
names(data)[60] <- "groupTime3"
# LimeSurvey Field type: F
data[, 61] <- as.numeric(data[, 61])
attributes(data)$variable.labels[61] <- "Question time: DIGREADY"
names(data)[61] <- "DIGREADYTime"
# LimeSurvey Field type: F
data[, 62] <- as.numeric(data[, 62])
attributes(data)$variable.labels[62] <- "Question time: TRAINFMT"
names(data)[62] <- "TRAINFMTTime"
# LimeSurvey Field type: F
data[, 63] <- as.numeric(data[, 63])
attributes(data)$variable.labels[63] <- "Question time: OPENCOMP"
names(data)[63] <- "OPENCOMPTime"
# LimeSurvey Field type: A
data[, 64] <- as.character(data[, 64])
attributes(data)$variable.labels[64] <- "First name"
names(data)[64] <- "firstname"
# LimeSurvey Field type: A
data[, 65] <- as.character(data[, 65])
attributes(data)$variable.labels[65] <- "Last name"
names(data)[65] <- "lastname"
# LimeSurvey Field type: A
data[, 66] <- as.character(data[, 66])
attributes(data)$variable.labels[66] <- "Email address"
names(data)[66] <- "email"
# LimeSurvey Field type: A
data[, 67] <- as.character(data[, 67])
attributes(data)$variable.labels[67] <- "Region"
names(data)[67] <- "attribute_1"
# LimeSurvey Field type: A
data[, 68] <- as.character(data[, 68])
attributes(data)$variable.labels[68] <- "Organisation type"
names(data)[68] <- "attribute_2"
